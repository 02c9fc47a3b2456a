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

The order is ruff's (``crates/ruff_linter/src/rules/isort``): sections in
``section-order``; in a section ``import x`` before ``from x import y`` (unless
``force-sort-within-sections`` or ``from-first``); modules and names in natural order,
case-insensitively, names by type (``CONSTANT``, ``Class``, ``variable``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst.helpers import get_full_name_for_node

from toolcfg.codemods.commas import insert_items
from toolcfg.importstyle import FUTURE, ImportStyle, section_of


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
            key=lambda name: _member_key(name, None, style),
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
        if isinstance(statement, cst.ImportFrom) and _from_module(statement) == source:
            if isinstance(statement.names, cst.ImportStar):
                continue
            for alias in statement.names:
                name = get_full_name_for_node(alias.name)
                asname = _asname(alias)
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


def _from_module(statement: cst.ImportFrom) -> Optional[str]:
    """The absolute module a ``from`` import reads from; None for a relative import."""
    if statement.relative or statement.module is None:
        return None
    return get_full_name_for_node(statement.module)


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is None:
        return None
    return get_full_name_for_node(alias.asname.name)


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
            and _from_module(statement) == source
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
        key = _member_key(name, None, style)
        aliases = statement.names
        assert not isinstance(aliases, cst.ImportStar)
        position = next(
            (
                i
                for i, alias in enumerate(aliases)
                if _member_key(_alias_name(alias), _asname(alias), style) > key
            ),
            len(aliases),
        )
        statement = _insert_alias(statement, position, cst.ImportAlias(cst.Name(name)))
    line = line.with_changes(body=[statement])
    if one_line and not _fits_one_line(line, style):
        line = _multi_line(module, line)
    merged = _replace_body(module, {index: line})
    if _in_order(merged, index, style) or not _in_order(module, index, style):
        return merged
    # The new first name sorts the statement before a sibling from the same module (such
    # as ``from x import a as b``): ruff would move it, so it moves, with its comments.
    # (In a block that was not sorted to begin with, nothing moves.)
    source = _from_module(statement)
    assert source is not None
    return _place(_remove(merged, index, style), line, source, style)


def _in_order(module: cst.Module, index: int, style: ImportStyle) -> bool:
    """Does the import line at ``index`` still sort after the one before it in its block?"""
    block = next((block for block in _blocks(module) if index in block), [index])
    position = block.index(index)
    if position == 0:
        return True
    before = _entry_for(module.body[block[position - 1]], style)
    return _sort_key(before, style) <= _sort_key(_entry_for(module.body[index], style), style)


def _remove(module: cst.Module, index: int, style: ImportStyle) -> cst.Module:
    """The module without the import line at ``index``, which is not first in its block."""
    block = next(block for block in _blocks(module) if index in block)
    position = block.index(index)
    changes: Dict[int, cst.BaseStatement] = {}
    if position + 1 < len(block):
        previous = _entry_for(module.body[block[position - 1]], style)
        following_line = module.body[block[position + 1]]
        rest = _without_leading_blanks(following_line.leading_lines)
        blanks = _blanks_between(
            previous, _entry_for(following_line, style), bool(_comment_lines(rest)), style
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
    new = _entry_for(line, style)
    blocks = _blocks(module)
    block = next(
        (b for b in blocks if any(_imports_from(module.body[i], source) for i in b)),
        blocks[0] if blocks else None,
    )
    if block is None:
        return _insert_at_top(module, line.with_changes(leading_lines=comments), new, style)
    entries = [_entry_for(module.body[i], style) for i in block]
    sort_key = _sort_key(new, style)
    position = next(
        (i for i, entry in enumerate(entries) if _sort_key(entry, style) > sort_key),
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
        if first_heading is not None and _comment_lines(outside)[-1:] == [f"# {first_heading}"]:
            outside = outside[: _last_comment_index(outside)]
        keep_heading = first_heading is not None and first.section != new.section
        line = line.with_changes(leading_lines=outside + _heading_lines(heading) + comments)
        changes[first_index] = first_line.with_changes(
            leading_lines=_blank_lines(_blanks_between(new, first, False, style))
            + (_heading_lines(first_heading) if keep_heading else [])
        )
        insert_at = first_index
    else:
        previous = entries[position - 1]
        starts_section = previous.section != new.section
        line = line.with_changes(
            leading_lines=_blank_lines(_blanks_between(previous, new, bool(comments), style))
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
                and _comment_lines(rest)[:1] == [f"# {heading}"]
            ):
                rest = rest[1:]
            has_comments = bool(_comment_lines(rest))
            changes[following_index] = following_line.with_changes(
                leading_lines=_blank_lines(_blanks_between(new, following, has_comments, style))
                + rest
            )
            insert_at = following_index
        else:
            insert_at = block[-1] + 1
    return _replace_body(module, changes, insert=(insert_at, line), header=header)


def _insert_at_top(
    module: cst.Module, line: cst.SimpleStatementLine, new: _Entry, style: ImportStyle
) -> cst.Module:
    """A first import in a module: after its docstring, with ruff's blank lines after it."""
    body = module.body
    at = 1 if body and _is_docstring(body[0]) else 0
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
    return line if _fits_one_line(line, style) else _multi_line(module, line)


# --- the import blocks ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """An import statement as isort sorts it."""

    section: str
    is_from: bool
    key: Tuple[object, ...]


def _entry_for(line: cst.BaseStatement, style: ImportStyle) -> _Entry:
    assert isinstance(line, cst.SimpleStatementLine)
    statement = line.body[0]
    if isinstance(statement, cst.Import):
        alias = statement.names[0]
        return _Entry(
            section_of(_alias_name(alias), 0, style),
            False,
            _module_key(_alias_name(alias), _asname(alias), 0, None, False, style),
        )
    assert isinstance(statement, cst.ImportFrom)
    name = get_full_name_for_node(statement.module) if statement.module else None
    level = len(statement.relative)
    if isinstance(statement.names, cst.ImportStar):
        first: Optional[Tuple[str, Optional[str]]] = ("*", None)
    else:
        first = min(
            ((_alias_name(alias), _asname(alias)) for alias in statement.names),
            key=lambda pair: _member_key(pair[0], pair[1], style),
        )
    return _Entry(
        section_of(name, level, style), True, _module_key(name, None, level, first, True, style)
    )


def _sort_key(entry: _Entry, style: ImportStyle) -> Tuple[object, ...]:
    """Where ruff puts a statement: by section, then as ``order_imports`` orders a section."""
    order = style.section_order
    section = order.index(entry.section) if entry.section in order else len(order)
    if entry.section == FUTURE:
        kind = 0 if entry.is_from else 1
    elif style.force_sort_within_sections:
        kind = 0
    else:
        kind = int(entry.is_from != style.from_first)
    return (section, kind, entry.key)


def _blanks_between(first: _Entry, second: _Entry, commented: bool, style: ImportStyle) -> int:
    """The blank lines ruff puts between two consecutive statements of a block.

    One between sections, unless ``no-lines-before`` lists the second section and every
    empty section that ``section-order`` puts between them; ``lines-between-types`` where a
    section turns from ``import`` to ``from`` statements; one more before the comments
    above a statement that does not start its section.
    """
    if first.section != second.section:
        order = style.section_order
        if first.section in order and second.section in order:
            crossed = order[order.index(first.section) + 1 : order.index(second.section) + 1]
        else:
            crossed = (second.section,)
        return int(any(section not in style.no_lines_before for section in crossed))
    between = 0
    if not style.force_sort_within_sections and first.is_from != second.is_from:
        between = style.lines_between_types
    return between + (1 if commented else 0)


def _blocks(module: cst.Module) -> List[List[int]]:
    """The module's import blocks as ruff finds them: indices of consecutive import lines.

    Any other statement ends a block, as do ``# isort: split`` and ``# isort: off``; an
    import marked ``# isort: skip`` is not part of any.
    """
    blocks: List[List[int]] = []
    current: List[int] = []
    off = False
    for index, line in enumerate(module.body):
        leading = (
            list(module.header) + list(line.leading_lines) if index == 0 else line.leading_lines
        )
        for comment in _comment_lines(leading):
            directive = _directive(comment)
            if directive in ("off", "split") and current:
                blocks.append(current)
                current = []
            off = (off or directive == "off") and directive != "on"
        trailing = _directive(_trailing_comment(line))
        if not off and _is_import_line(line) and trailing != "skip":
            current.append(index)
            if trailing == "split":
                blocks.append(current)
                current = []
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _directive(comment: Optional[str]) -> Optional[str]:
    match = re.match(r"#\s*isort:\s*(skip_file|skip|off|on|split)\b", comment or "")
    return match.group(1) if match else None


def _is_import_line(line: cst.BaseStatement) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and all(
        isinstance(statement, (cst.Import, cst.ImportFrom)) for statement in line.body
    )


def _imports_from(line: cst.BaseStatement, source: str) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and any(
        isinstance(statement, cst.ImportFrom) and _from_module(statement) == source
        for statement in line.body
    )


def _is_docstring(line: cst.BaseStatement) -> bool:
    return (
        isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
        and isinstance(line.body[0], cst.Expr)
        and isinstance(line.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


# --- ruff's sort keys (sorting.rs) -------------------------------------------------------


def _module_key(
    name: Optional[str],
    asname: Optional[str],
    level: int,
    first_alias: Optional[Tuple[str, Optional[str]]],
    is_from: bool,
    style: ImportStyle,
) -> Tuple[object, ...]:
    """ruff's ``ModuleKey``: forced to the top, length, relative distance, name, first name."""
    length = style.length_sort or (style.length_sort_straight and not is_from)
    closest = style.relative_imports_order == "closest-to-furthest"
    return (
        name not in style.force_to_top,
        _width(name or "") + level if length else 0,
        level if closest else -level,
        _optional(
            _natural(name.lower()) if name is not None and not style.case_sensitive else None
        ),
        _optional(_natural(name) if name is not None else None),
        _optional(_member_key(*first_alias, style) if first_alias else None),
        _optional(_natural(asname) if asname is not None else None),
    )


def _member_key(name: str, asname: Optional[str], style: ImportStyle) -> Tuple[object, ...]:
    """ruff's ``MemberKey``: stars first, then by type, length, name and alias."""
    return (
        name != "*",
        _member_type(name, style) if style.order_by_type else 0,
        _width(name) if style.length_sort else 0,
        _optional(_natural(name.lower()) if not style.case_sensitive else None),
        _natural(name),
        _optional(_natural(asname) if asname is not None else None),
    )


def _member_type(name: str, style: ImportStyle) -> int:
    """0 for a constant, 1 for a class, 2 for a variable, as ruff guesses them."""
    if name in style.constants:
        return 0
    if name in style.classes:
        return 1
    if name in style.variables:
        return 2
    if len(name) > 1 and name.isupper():
        return 0
    return 1 if name[:1].isupper() else 2


def _optional(value: object) -> Tuple[object, ...]:
    """Rust's ``Option`` order: ``None`` before any value."""
    return (0,) if value is None else (1, value)


def _natural_compare(left: str, right: str) -> int:
    """The ``natord`` crate's comparison: runs of digits compare as numbers.

    A run starting with ``0`` compares digit by digit, as a fraction would.
    """
    i = j = 0
    while i < len(left) and j < len(right):
        a, b = left[i], right[j]
        if a.isdigit() and b.isdigit() and a.isascii() and b.isascii():
            end_i, end_j = _digits_end(left, i), _digits_end(right, j)
            x, y = left[i:end_i], right[j:end_j]
            if a == "0" or b == "0":
                order = (x > y) - (x < y)
            else:
                order = (len(x) > len(y)) - (len(x) < len(y)) or (x > y) - (x < y)
            if order:
                return order
            i, j = end_i, end_j
        elif a != b:
            return -1 if a < b else 1
        else:
            i, j = i + 1, j + 1
    return (len(left) - i > 0) - (len(right) - j > 0)


def _digits_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end].isascii() and text[end].isdigit():
        end += 1
    return end


_natural = functools.cmp_to_key(_natural_compare)


def _width(text: str) -> int:
    """The display width ruff measures: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# --- layout ------------------------------------------------------------------------------


def _fits_one_line(line: cst.SimpleStatementLine, style: ImportStyle) -> bool:
    """Would ruff keep this ``from`` import on one line?

    Its one-line form, with the comment after it unless that is a pragma (``# noqa``,
    ``# type:``...), must fit the line length, and ``force-wrap-aliases`` wraps a
    statement of several names with an alias among them.
    """
    statement = line.body[0]
    assert isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar)
    aliases = statement.names
    if (
        style.force_wrap_aliases
        and len(aliases) > 1
        and any(alias.asname is not None for alias in aliases)
    ):
        return False
    width = _width(f"from {_dots(statement)} import ") + sum(
        _width(_alias_text(alias)) + 2 for alias in aliases
    )
    width -= 2
    comment = _trailing_comment(line)
    if comment is not None and not _is_pragma(comment):
        width += 2 + _width(comment)
    return width <= style.line_length


def _multi_line(module: cst.Module, line: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    """ruff's layout of an import too long for one line: a name per line, trailing commas.

    A comment after the statement moves after the opening parenthesis, as ruff moves it.
    """
    statement = line.body[0]
    assert isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar)
    newline, indent = module.default_newline, module.default_indent
    comment = _trailing_comment(line)
    text = f"from {_dots(statement)} import ({'  ' + comment if comment else ''}{newline}"
    text += "".join(f"{indent}{_alias_text(alias)},{newline}" for alias in statement.names)
    text += f"){newline}"
    wrapped = cst.parse_statement(text, config=module.config_for_parsing)
    assert isinstance(wrapped, cst.SimpleStatementLine)
    return wrapped.with_changes(leading_lines=line.leading_lines)


def _insert_alias(statement: cst.ImportFrom, index: int, alias: cst.ImportAlias) -> cst.ImportFrom:
    """Insert ``alias`` at ``index`` in the statement's own layout, as ``insert_items`` does.

    ``insert_items`` edits arguments; each alias stands in as an argument named after its
    position, whose trailing whitespace is the closing parenthesis's, then takes its place
    again with the comma the edit gave it. Comments on lines of their own above the name
    that was at ``index`` stay above it, as ruff keeps them.
    """
    aliases = statement.names
    assert not isinstance(aliases, cst.ImportStar)
    closing = statement.rpar.whitespace_before if statement.rpar else cst.SimpleWhitespace("")
    stand_ins = [
        cst.Arg(
            value=cst.Name(f"_{i}"),
            comma=old.comma,
            whitespace_after_arg=closing if i == len(aliases) - 1 else cst.SimpleWhitespace(""),
        )
        for i, old in enumerate(aliases)
    ]
    opening = statement.lpar.whitespace_after if statement.lpar else cst.SimpleWhitespace("")
    edited = insert_items(stand_ins, index, [cst.Arg(cst.Name(f"_{len(aliases)}"))], opening)
    originals = [*aliases, alias]
    names = []
    for arg in edited:
        assert isinstance(arg.value, cst.Name)
        names.append(originals[int(arg.value.value[1:])].with_changes(comma=arg.comma))
    lpar, rpar = statement.lpar, statement.rpar
    if rpar is not None:
        rpar = rpar.with_changes(whitespace_before=edited[-1].whitespace_after_arg)
    above = lpar.whitespace_after if lpar and index == 0 else None
    before = names[index - 1].comma if index > 0 else None
    if isinstance(before, cst.Comma):
        above = before.whitespace_after
    own = names[index].comma
    if (
        index < len(aliases)
        and isinstance(above, cst.ParenthesizedWhitespace)
        and above.empty_lines
        and isinstance(own, cst.Comma)
        and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace)
    ):
        moved = own.whitespace_after.with_changes(empty_lines=above.empty_lines)
        names[index] = names[index].with_changes(comma=own.with_changes(whitespace_after=moved))
        cleared = above.with_changes(empty_lines=())
        if index == 0:
            assert lpar is not None
            lpar = lpar.with_changes(whitespace_after=cleared)
        else:
            previous = names[index - 1].comma
            assert isinstance(previous, cst.Comma)
            names[index - 1] = names[index - 1].with_changes(
                comma=previous.with_changes(whitespace_after=cleared)
            )
    return statement.with_changes(names=names, lpar=lpar, rpar=rpar)


def _dots(statement: cst.ImportFrom) -> str:
    """The module as ruff writes it: ``..package.module``."""
    module = get_full_name_for_node(statement.module) if statement.module else ""
    return "." * len(statement.relative) + (module or "")


def _alias_name(alias: cst.ImportAlias) -> str:
    name = get_full_name_for_node(alias.name)
    assert name is not None
    return name


def _alias_text(alias: cst.ImportAlias) -> str:
    asname = _asname(alias)
    return _alias_name(alias) + (f" as {asname}" if asname else "")


def _is_pragma(comment: str) -> bool:
    """Does ruff leave this comment out of an import's width (``# noqa``, ``# type: ...``)?"""
    text = comment[1:].lstrip()
    if text[:4].lower() == "noqa" or text.startswith("nosec"):
        return True
    prefix, colon, _ = text.partition(":")
    return bool(colon) and prefix in ("isort", "type", "pyright", "pylint", "flake8", "ruff")


def _trailing_comment(line: cst.BaseStatement) -> Optional[str]:
    if isinstance(line, cst.SimpleStatementLine) and line.trailing_whitespace.comment:
        return line.trailing_whitespace.comment.value
    return None


def _comment_lines(lines: Sequence[cst.EmptyLine]) -> List[str]:
    return [line.comment.value for line in lines if line.comment is not None]


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
