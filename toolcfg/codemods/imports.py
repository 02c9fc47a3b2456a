"""Add ``from <module> import <name>`` statements where ruff's isort would put them.

A fix that needs a name at run time (``RunnableConfig``, ``patch_config``, ``Optional``)
must not leave the file failing the project's own ``ruff check`` (I001). So the name joins
an existing ``from <module> import ...`` at module level, at the position isort sorts it
to, or a new statement goes into the file's first import block, in its section and at its
sorted position, with the blank lines ruff puts around it. What the user wrote is never
re-sorted or reformatted, with two exceptions that ruff would otherwise report: a one-line
import that the new name makes longer than the line length is laid out one name per line,
and an import whose new first name sorts it above a sibling from the same module (``from
x import a as b``) moves above it.

The order is ruff's (``crates/ruff_linter/src/rules/isort``), in ``importorder.py``; the
layout of one statement, in ``importlayout.py``.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.helpers import get_full_name_for_node

from toolcfg.codemods.importlayout import fits_one_line, insert_alias, multi_line
from toolcfg.codemods.importorder import (
    Entry,
    alias_asname,
    alias_name,
    blanks_between,
    comment_lines,
    entry_for,
    entry_key,
    from_module,
    import_blocks,
    imports_from,
    is_docstring,
    member_key,
)
from toolcfg.importstyle import ImportStyle


def add_imports(
    module: cst.Module,
    wanted: Sequence[Tuple[str, str]],
    style: ImportStyle,
    later: Sequence[cst.Module] = (),
) -> cst.Module:
    """``module`` with each ``from <module> import <name>`` of ``wanted`` available at run time.

    A name already imported from that module at module level at run time (not only under
    ``if TYPE_CHECKING:``, and not under another name) is left alone. ``later``: statements
    that follow ``module``'s in the file, each parsed alone, whose imports count too (a fix
    parses only the first statements of a big module, ``pieces.py``).
    """
    names_by_module: Dict[str, List[str]] = {}
    for source, name in wanted:
        names = names_by_module.setdefault(source, [])
        if name not in names:
            names.append(name)
    for source, names in names_by_module.items():
        bound = _bound_names(module, source).union(
            *(_bound_names(statements, source) for statements in later)
        )
        missing = sorted(
            (name for name in names if name not in bound),
            key=lambda name: member_key(name, None, style),
        )
        if missing:
            module = _add_from_import(module, source, missing, style)
    return module


# --- what is already there -----------------------------------------------------------------


def _bound_names(module: cst.Module, source: str) -> Set[str]:
    """The names that ``from <source> import`` binds at module level when the module runs.

    Imports under a module-level ``if`` (other than the TYPE_CHECKING branch) or ``try``
    count: the user chose how the name is bound there, and an unconditional import added
    beside a guarded one would defeat the guard.
    """
    bound = set()
    for statement in _runtime_statements(module.body):
        if isinstance(statement, cst.ImportFrom) and from_module(statement) == source:
            if isinstance(statement.names, cst.ImportStar):
                continue
            for alias in statement.names:
                name = get_full_name_for_node(alias.name)
                asname = alias_asname(alias)
                if name is not None and asname in (None, name):
                    bound.add(name)
    return bound


def _runtime_statements(body: Sequence[cst.BaseStatement]) -> Iterator[cst.BaseSmallStatement]:
    """The small statements of a module body that run at import time."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, cst.If):
            yield from _runtime_if(statement)
        elif isinstance(statement, (cst.Try, cst.TryStar)):
            yield from _suite(statement.body)
            for handler in statement.handlers:
                yield from _suite(handler.body)
            for extra in (statement.orelse, statement.finalbody):
                if extra is not None:
                    yield from _suite(extra.body)
        elif isinstance(statement, cst.With):
            yield from _suite(statement.body)


def _suite(suite: cst.BaseSuite) -> Iterator[cst.BaseSmallStatement]:
    if isinstance(suite, cst.IndentedBlock):
        yield from _runtime_statements(suite.body)
    elif isinstance(suite, cst.SimpleStatementSuite):
        yield from suite.body


def _runtime_if(statement: cst.If) -> Iterator[cst.BaseSmallStatement]:
    test = statement.test
    negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
    inner = test.expression if isinstance(test, cst.UnaryOperation) and negated else test
    # ``TYPE_CHECKING``, ``typing.TYPE_CHECKING``, ``t.TYPE_CHECKING``...
    type_checking = (get_full_name_for_node(inner) or "").split(".")[-1] == "TYPE_CHECKING"
    if not type_checking or negated:
        yield from _suite(statement.body)
    if statement.orelse is not None and (not type_checking or not negated):
        if isinstance(statement.orelse, cst.If):
            yield from _runtime_if(statement.orelse)
        else:
            yield from _suite(statement.orelse.body)


# --- adding ------------------------------------------------------------------------------


def _add_from_import(
    module: cst.Module, source: str, names: Sequence[str], style: ImportStyle
) -> cst.Module:
    single_line = style.force_single_line and source not in style.single_line_exclusions
    target = None if single_line else _merge_target(module, source, style)
    if target is not None:
        return _merge(module, target, names, style)
    statements = [[name] for name in names] if single_line else [list(names)]
    for group in statements:
        module = _place(module, _new_statement(module, source, group, style), source, style)
    return module


def _merge_target(module: cst.Module, source: str, style: ImportStyle) -> Optional[int]:
    """The index of the module-level ``from <source> import ...`` line to add names to.

    Not a star import, and not a statement of aliases only unless ``combine-as-imports``
    (ruff keeps ``from x import a as b`` apart from ``from x import c``).
    """
    for index, line in enumerate(module.body):
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            continue
        statement = line.body[0]
        if (
            isinstance(statement, cst.ImportFrom)
            and from_module(statement) == source
            and not isinstance(statement.names, cst.ImportStar)
            and (style.combine_as_imports or any(alias.asname is None for alias in statement.names))
        ):
            return index
    return None


def _merge(module: cst.Module, index: int, names: Sequence[str], style: ImportStyle) -> cst.Module:
    """Add ``names`` to the import at ``index``, each where isort sorts it."""
    line = module.body[index]
    assert isinstance(line, cst.SimpleStatementLine)
    statement = line.body[0]
    assert isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar)
    one_line = "\n" not in module.code_for_node(statement).replace("\r", "\n")
    for name in names:
        key = member_key(name, None, style)
        aliases = statement.names
        assert not isinstance(aliases, cst.ImportStar)
        position = next(
            (
                i
                for i, alias in enumerate(aliases)
                if member_key(alias_name(alias), alias_asname(alias), style) > key
            ),
            len(aliases),
        )
        statement = insert_alias(statement, position, cst.ImportAlias(cst.Name(name)))
    line = line.with_changes(body=[statement])
    if one_line and not fits_one_line(line, style):
        line = multi_line(module, line)
    merged = _replace_body(module, {index: line})
    if _in_order(merged, index, style) or not _in_order(module, index, style):
        return merged
    # The new first name sorts the statement before a sibling from the same module (such
    # as ``from x import a as b``): ruff would move it, so it moves, with its comments.
    # (In a block that was not sorted to begin with, nothing moves.)
    source = from_module(statement)
    assert source is not None
    return _place(_remove(merged, index, style), line, source, style)


def _in_order(module: cst.Module, index: int, style: ImportStyle) -> bool:
    """Does the import line at ``index`` still sort after the one before it in its block?"""
    block = next((block for block in import_blocks(module) if index in block), [index])
    position = block.index(index)
    if position == 0:
        return True
    before = entry_for(module.body[block[position - 1]], style)
    return entry_key(before, style) <= entry_key(entry_for(module.body[index], style), style)


def _remove(module: cst.Module, index: int, style: ImportStyle) -> cst.Module:
    """The module without the import line at ``index``, which is not first in its block."""
    block = next(block for block in import_blocks(module) if index in block)
    position = block.index(index)
    changes: Dict[int, cst.BaseStatement] = {}
    if position + 1 < len(block):
        previous = entry_for(module.body[block[position - 1]], style)
        following_line = module.body[block[position + 1]]
        rest = _without_leading_blanks(following_line.leading_lines)
        blanks = blanks_between(
            previous, entry_for(following_line, style), bool(comment_lines(rest)), style
        )
        changes[block[position + 1]] = following_line.with_changes(
            leading_lines=_blank_lines(blanks) + rest
        )
    body = _replace_body(module, changes).body
    return module.with_changes(body=[*body[:index], *body[index + 1 :]])


def _place(
    module: cst.Module, line: cst.SimpleStatementLine, source: str, style: ImportStyle
) -> cst.Module:
    """Insert the ``from <source>`` import ``line`` where isort sorts it.

    It goes into the block that has the other ``from <source>`` imports, or else the first
    import block, with the comments above it (if any) and the blank lines ruff puts there.
    """
    comments = _without_leading_blanks(line.leading_lines)
    new = entry_for(line, style)
    blocks = import_blocks(module)
    block = next(
        (b for b in blocks if any(imports_from(module.body[i], source) for i in b)),
        blocks[0] if blocks else None,
    )
    if block is None:
        return _insert_at_top(module, line.with_changes(leading_lines=comments), new, style)
    entries = [entry_for(module.body[i], style) for i in block]
    sort_key = entry_key(new, style)
    position = next(
        (i for i, entry in enumerate(entries) if entry_key(entry, style) > sort_key),
        len(entries),
    )
    heading = style.heading(new.section)
    changes: Dict[int, cst.BaseStatement] = {}
    header = list(module.header)
    if position == 0:
        # First in the block: the lines above the block stay above it, and so above the new
        # statement; the old first statement keeps only its section heading, if any.
        first_index, first = block[0], entries[0]
        first_line = module.body[first_index]
        outside = list(first_line.leading_lines)
        if first_index == 0:
            outside, header = header + outside, []
        first_heading = style.heading(first.section)
        if first_heading is not None and comment_lines(outside)[-1:] == [f"# {first_heading}"]:
            outside = outside[: _last_comment_index(outside)]
        keep_heading = first_heading is not None and first.section != new.section
        line = line.with_changes(leading_lines=outside + _heading_lines(heading) + comments)
        changes[first_index] = first_line.with_changes(
            leading_lines=_blank_lines(blanks_between(new, first, False, style))
            + (_heading_lines(first_heading) if keep_heading else [])
        )
        insert_at = first_index
    else:
        previous = entries[position - 1]
        starts_section = previous.section != new.section
        line = line.with_changes(
            leading_lines=_blank_lines(blanks_between(previous, new, bool(comments), style))
            + (_heading_lines(heading) if starts_section else [])
            + comments
        )
        if position < len(entries):
            following, following_index = entries[position], block[position]
            following_line = module.body[following_index]
            rest = _without_leading_blanks(following_line.leading_lines)
            if (
                following.section == new.section
                and starts_section
                and heading is not None
                and comment_lines(rest)[:1] == [f"# {heading}"]
            ):
                rest = rest[1:]
            has_comments = bool(comment_lines(rest))
            changes[following_index] = following_line.with_changes(
                leading_lines=_blank_lines(blanks_between(new, following, has_comments, style))
                + rest
            )
            insert_at = following_index
        else:
            insert_at = block[-1] + 1
    return _replace_body(module, changes, insert=(insert_at, line), header=header)


def _insert_at_top(
    module: cst.Module, line: cst.SimpleStatementLine, new: Entry, style: ImportStyle
) -> cst.Module:
    """A first import in a module: after its docstring, with ruff's blank lines after it."""
    body = module.body
    at = 1 if body and is_docstring(body[0]) else 0
    line = line.with_changes(
        leading_lines=_blank_lines(1 if at else 0)
        + _heading_lines(style.heading(new.section))
        + list(line.leading_lines)
    )
    changes: Dict[int, cst.BaseStatement] = {}
    if at < len(body):
        following = body[at]
        rest = _without_leading_blanks(following.leading_lines)
        if style.lines_after_imports >= 0:
            blanks = style.lines_after_imports
        elif isinstance(following, (cst.FunctionDef, cst.ClassDef)) and all(
            empty.comment is not None for empty in rest
        ):
            blanks = 2  # ruff, like Black, puts two blank lines before a definition
        else:
            blanks = 1
        changes[at] = following.with_changes(leading_lines=_blank_lines(blanks) + rest)
    if not module.code:
        module = module.with_changes(has_trailing_newline=True)  # an empty file has no style
    return _replace_body(module, changes, insert=(at, line))


def _new_statement(
    module: cst.Module, source: str, names: Sequence[str], style: ImportStyle
) -> cst.SimpleStatementLine:
    """``from <source> import <names>`` on one line, or one name per line if it is too long."""
    newline = module.default_newline
    text = f"from {source} import {', '.join(names)}{newline}"
    line = cst.parse_statement(text, config=module.config_for_parsing)
    assert isinstance(line, cst.SimpleStatementLine)
    return line if fits_one_line(line, style) else multi_line(module, line)


# --- the lines around a statement -------------------------------------------------------


def _last_comment_index(lines: Sequence[cst.EmptyLine]) -> int:
    return max(i for i, line in enumerate(lines) if line.comment is not None)


def _without_leading_blanks(lines: Sequence[cst.EmptyLine]) -> List[cst.EmptyLine]:
    first = next((i for i, line in enumerate(lines) if line.comment is not None), len(lines))
    return list(lines[first:])


def _blank_lines(count: int) -> List[cst.EmptyLine]:
    return [cst.EmptyLine() for _ in range(count)]


def _heading_lines(heading: Optional[str]) -> List[cst.EmptyLine]:
    return [] if heading is None else [cst.EmptyLine(comment=cst.Comment(f"# {heading}"))]


def _replace_body(
    module: cst.Module,
    changes: Dict[int, cst.BaseStatement],
    insert: Optional[Tuple[int, cst.BaseStatement]] = None,
    header: Optional[Sequence[cst.EmptyLine]] = None,
) -> cst.Module:
    body = [changes.get(index, line) for index, line in enumerate(module.body)]
    if insert is not None:
        body.insert(*insert)
    return module.with_changes(body=body, header=module.header if header is None else header)
