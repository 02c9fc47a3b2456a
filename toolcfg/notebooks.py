"""Jupyter notebooks, checked and fixed as ruff checks them: the code cells as one module.

LangChain's tutorials and prototypes live in notebooks. A notebook's code cells are joined
into one virtual module (top-level ``await`` is valid there, as IPython runs it), so a node
defined in one cell and registered in another is seen as one module would be. IPython's
magics (``%pip install``, ``!ls``, ``?obj``) are kept out of the module: their lines become
comments of the same line count. Findings are reported at their cell and line in it, and a
fix is written back into the cells it changed, the notebook's JSON otherwise byte for byte
as it was: outputs, metadata, and the way the file is laid out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from toolcfg.linter.findings import Position

SUFFIX = ".ipynb"
#: A line IPython runs as a magic or a shell command, not as Python.
_MAGIC = re.compile(r"^\s*(?:%|!|\?)|^\s*[\w.]+\?\??\s*$")
#: Between two cells in the virtual module: a line no fix edits or moves past.
_BOUNDARY = "# toolcfg: cell boundary"


class NotebookError(OSError):
    """A ``.ipynb`` file that is not a notebook toolcfg can read: reported as a file that
    cannot be read, with what is wrong."""


@dataclass(frozen=True)
class Cell:
    """A code cell: its number among all the notebook's cells (from 1, as ruff counts),
    its source, and where that source value lies in the file's text."""

    number: int
    source: str
    #: The span of the cell's ``"source"`` value in the JSON text, and whether it is a
    #: list of lines (nbformat's own way) or one string.
    span: Tuple[int, int]
    as_list: bool
    #: How the file lays the list out over lines: the indentation of its items and of its
    #: closing bracket, and the line ending; None for a list written on one line.
    layout: Optional[Tuple[str, str, str]]


@dataclass(frozen=True)
class Notebook:
    """A notebook's code cells and the text of the file they came from."""

    text: str
    cells: Tuple[Cell, ...]

    def module(self) -> str:
        """The code cells as one module: magics commented out, each cell followed by a
        boundary line, so that lines map back to cells one for one."""
        parts = []
        for cell in self.cells:
            parts.append(_chunk(cell) + _BOUNDARY + "\n")
        return "".join(parts)

    def position(self, where: Position) -> Tuple[Optional[int], Position]:
        """A position in ``module()``: its cell's number and the position in that cell."""
        line = where.line
        for cell in self.cells:
            height = cell.source.rstrip("\n").count("\n") + 1
            if line <= height:
                return cell.number, Position(line, where.column)
            line -= height + 1  # the cell, and its boundary line
        return None, where

    def with_module(self, module: str) -> str:
        """The file's text with each code cell's source taken from a fixed ``module()``;
        cells the fix did not change, and everything outside the cells' sources, are kept
        as they were, byte for byte."""
        sources = module.split(_BOUNDARY + "\n")
        if len(sources) != len(self.cells) + 1 or sources[-1]:
            raise NotebookError("the fixed module lost a cell boundary")
        text = self.text
        for cell, fixed in sorted(
            zip(self.cells, sources), key=lambda pair: pair[0].span, reverse=True
        ):
            if fixed == _chunk(cell):
                continue  # untouched: kept as written, trailing blank lines and all
            new = _restore_magics(cell.source, fixed)
            start, end = cell.span
            text = text[:start] + _encode(new, cell) + text[end:]
        return text


def is_notebook(path: str) -> bool:
    return path.endswith(SUFFIX)


def module_bytes(data: bytes) -> bytes:
    """What the pipeline reads of a notebook file: its code cells as one module (UTF-8).
    Raises ``NotebookError`` for a file that is no notebook."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotebookError(f"not a notebook: {error}") from error
    return parse(text).module().encode("utf-8")


def _chunk(cell: Cell) -> str:
    """A cell's part of the module: its lines, magics commented out, ending in one
    newline."""
    lines = cell.source.split("\n")
    magic = _magic_lines(lines)
    shown = [f"#{line}" if is_magic else line for line, is_magic in zip(lines, magic)]
    return "\n".join(shown).rstrip("\n") + "\n"


def _magic_lines(lines: List[str]) -> List[bool]:
    """Which of a cell's lines IPython runs rather than Python: magics and shell commands
    (``%pip install``, ``!ls``, ``obj?``) with the lines a trailing backslash continues
    them on, and every line of a cell magic's cell (``%%bash``, ``%%writefile``)."""
    first = next((line for line in lines if line.strip()), "")
    if first.lstrip().startswith("%%"):
        return [True] * len(lines)
    found = []
    continued = False
    for line in lines:
        is_magic = continued or bool(_MAGIC.match(line))
        found.append(is_magic)
        continued = is_magic and line.rstrip().endswith("\\")
    return found


def parse(text: str) -> Notebook:
    """The notebook in ``text``; ``NotebookError`` for anything else."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise NotebookError(f"not a notebook: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise NotebookError("not a notebook: no list of cells")
    if not _is_python(document.get("metadata")):
        return Notebook(text, ())
    spans = _source_spans(text)
    cells = []
    for index, cell in enumerate(document["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(line) for line in source)
        if not isinstance(source, str) or index not in spans:
            raise NotebookError(f"cell {index + 1} has no source toolcfg can read")
        start, end, as_list, layout = spans[index]
        cells.append(Cell(index + 1, source, (start, end), as_list, layout))
    return Notebook(text, tuple(cells))


def _is_python(metadata: Any) -> bool:
    """A notebook whose kernel is not Python's (R, Julia) has no Python cells."""
    if not isinstance(metadata, dict):
        return True
    for key in ("language_info", "kernelspec"):
        table = metadata.get(key)
        language = table.get("language", table.get("name")) if isinstance(table, dict) else None
        if isinstance(language, str) and key == "language_info":
            return language.lower() == "python"
        if isinstance(language, str) and key == "kernelspec":
            return language.lower().startswith("python")
    return True


def _restore_magics(original: str, fixed: str) -> str:
    """The fixed cell with its magics as they were: a fix inserts and changes lines, but
    never a magic's commented line, so those are matched back in order."""
    lines = original.split("\n")
    magics = [line for line, is_magic in zip(lines, _magic_lines(lines)) if is_magic]
    if not magics:
        restored = fixed
    else:
        lines = fixed.split("\n")
        pending = list(magics)
        for position, line in enumerate(lines):
            if pending and line == f"#{pending[0]}":
                lines[position] = pending.pop(0)
        restored = "\n".join(lines)
    # The cell's own last newline, or its absence, as nbformat keeps it.
    restored = restored.rstrip("\n")
    return restored + "\n" if original.endswith("\n") else restored


def _encode(source: str, cell: Cell) -> str:
    """The cell's new source as a JSON value laid out as the old one was."""
    if not cell.as_list:
        return json.dumps(source, ensure_ascii=False)
    items = [json.dumps(line, ensure_ascii=False) for line in source.splitlines(keepends=True)]
    if cell.layout is None or not items:
        return "[" + ", ".join(items) + "]"
    item_indent, closing_indent, newline = cell.layout
    body = f",{newline}{item_indent}".join(items)
    return f"[{newline}{item_indent}{body}{newline}{closing_indent}]"


_Span = Tuple[int, int, bool, Optional[Tuple[str, str, str]]]


def _source_spans(text: str) -> Dict[int, _Span]:
    """Where each cell's ``"source"`` value lies in ``text``: ``{cell index: (start, end,
    is a list, item indent)}``, found by decoding the JSON value by value."""
    decoder = json.JSONDecoder()
    found: Dict[int, _Span] = {}
    position = _skip(text, 0)
    if text[position : position + 1] != "{":
        return found
    for key, start, _ in _members(text, position, decoder):
        if key != "cells" or text[start] != "[":
            continue
        for index, (cell_start, _) in enumerate(_items(text, start, decoder)):
            if text[cell_start] != "{":
                continue
            for name, value_start, value_end in _members(text, cell_start, decoder):
                if name == "source":
                    is_list = text[value_start] == "["
                    layout = _layout(text, value_start) if is_list else None
                    found[index] = (value_start, value_end, is_list, layout)
    return found


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _members(text: str, start: int, decoder: json.JSONDecoder) -> List[Tuple[str, int, int]]:
    """The members of the object at ``start``: (key, value start, value end)."""
    members = []
    position = _skip(text, start + 1)
    while position < len(text) and text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = _skip(text, position)
        position = _skip(text, position + 1)  # the colon
        _, end = decoder.raw_decode(text, position)
        members.append((str(key), position, end))
        position = _skip(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
    return members


def _items(text: str, start: int, decoder: json.JSONDecoder) -> List[Tuple[int, int]]:
    items = []
    position = _skip(text, start + 1)
    while position < len(text) and text[position] != "]":
        _, end = decoder.raw_decode(text, position)
        items.append((position, end))
        position = _skip(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
    return items


def _layout(text: str, start: int) -> Optional[Tuple[str, str, str]]:
    """How the list at ``start`` is laid out over lines (nbformat: one item a line, one
    space deeper than the key); None when it is written on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    closing = re.match(r"[ \t]*", text[line_start:start])
    closing_indent = closing.group(0) if closing else ""
    newline = "\r\n" if text[line_start - 2 : line_start] == "\r\n" else "\n"
    match = re.match(r"\[[ \t]*\r?\n([ \t]*)\S", text[start:])
    if match is not None:
        return match.group(1), closing_indent, newline
    if re.match(r"\[\s*\]", text[start:]):  # empty: nbformat would indent one deeper
        return closing_indent + " ", closing_indent, newline
    return None
