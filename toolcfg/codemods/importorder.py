"""Where ruff's isort sorts an import statement: the import blocks of a module and the sort keys.

``imports.py`` places an added name or statement; this is the order it places by, written
from ruff's ``crates/ruff_linter/src/rules/isort`` (``sorting.rs`` for the keys): sections in
``section-order``, ``import x`` before ``from x import y`` unless the settings say otherwise,
modules and names in natural order, case-insensitively, names by type (``CONSTANT``,
``Class``, ``variable``), and the blank lines ruff puts between statements of a block. It is
apart from the placing so that the layout of one statement (``importlayout.py``) can measure
widths as ruff does without the placing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import libcst as cst
from libcst.helpers import get_full_name_for_node

from toolcfg.importstyle import FUTURE, ImportStyle, section_of


def from_module(statement: cst.ImportFrom) -> Optional[str]:
    """The absolute module a ``from`` import reads from; None for a relative import."""
    if statement.relative or statement.module is None:
        return None
    return get_full_name_for_node(statement.module)


def alias_asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is None:
        return None
    return get_full_name_for_node(alias.asname.name)


# --- the import blocks -------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """An import statement as isort sorts it."""

    section: str
    is_from: bool
    key: Tuple[object, ...]


def entry_for(line: cst.BaseStatement, style: ImportStyle) -> Entry:
    assert isinstance(line, cst.SimpleStatementLine)
    statement = line.body[0]
    if isinstance(statement, cst.Import):
        alias = statement.names[0]
        return Entry(
            section_of(alias_name(alias), 0, style),
            False,
            _module_key(alias_name(alias), alias_asname(alias), 0, None, False, style),
        )
    assert isinstance(statement, cst.ImportFrom)
    name = get_full_name_for_node(statement.module) if statement.module else None
    level = len(statement.relative)
    if isinstance(statement.names, cst.ImportStar):
        first: Optional[Tuple[str, Optional[str]]] = ("*", None)
    else:
        first = min(
            ((alias_name(alias), alias_asname(alias)) for alias in statement.names),
            key=lambda pair: member_key(pair[0], pair[1], style),
        )
    return Entry(
        section_of(name, level, style), True, _module_key(name, None, level, first, True, style)
    )


def entry_key(entry: Entry, style: ImportStyle) -> Tuple[object, ...]:
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


def blanks_between(first: Entry, second: Entry, commented: bool, style: ImportStyle) -> int:
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


def import_blocks(module: cst.Module) -> List[List[int]]:
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
        for comment in comment_lines(leading):
            directive = _directive(comment)
            if directive in ("off", "split") and current:
                blocks.append(current)
                current = []
            off = (off or directive == "off") and directive != "on"
        trailing = _directive(trailing_comment(line))
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


def imports_from(line: cst.BaseStatement, source: str) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and any(
        isinstance(statement, cst.ImportFrom) and from_module(statement) == source
        for statement in line.body
    )


def is_docstring(line: cst.BaseStatement) -> bool:
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
        display_width(name or "") + level if length else 0,
        level if closest else -level,
        _optional(
            _natural(name.lower()) if name is not None and not style.case_sensitive else None
        ),
        _optional(_natural(name) if name is not None else None),
        _optional(member_key(*first_alias, style) if first_alias else None),
        _optional(_natural(asname) if asname is not None else None),
    )


def member_key(name: str, asname: Optional[str], style: ImportStyle) -> Tuple[object, ...]:
    """ruff's ``MemberKey``: stars first, then by type, length, name and alias."""
    return (
        name != "*",
        _member_type(name, style) if style.order_by_type else 0,
        display_width(name) if style.length_sort else 0,
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


def display_width(text: str) -> int:
    """The display width ruff measures: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def alias_name(alias: cst.ImportAlias) -> str:
    name = get_full_name_for_node(alias.name)
    assert name is not None
    return name


def trailing_comment(line: cst.BaseStatement) -> Optional[str]:
    if isinstance(line, cst.SimpleStatementLine) and line.trailing_whitespace.comment:
        return line.trailing_whitespace.comment.value
    return None


def comment_lines(lines: Sequence[cst.EmptyLine]) -> List[str]:
    return [line.comment.value for line in lines if line.comment is not None]
