"""The code the analysis parses: only the functions the index planned, each on its own.

LibCST costs several times more than ``ast``, and a file that defines one tool can be
thousands of lines long. A function is parsed alone: its lines, with the indentation of the
lines its statement starts on (decorators and ``def``) taken off. Positions are moved back
to the file's. A function that does not parse alone (a backslash before ``def``, say) falls
back to the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from toolcfg.index.model import Function
from toolcfg.linter.findings import Position


@dataclass(eq=False)
class Source:
    """A parsed piece of the file and how its positions map to the file's."""

    module: cst.Module
    #: File line = piece line + offset.
    offset: int = 0
    #: On these file lines, ``indent`` characters were taken off the start.
    headers: FrozenSet[int] = frozenset()
    indent: int = 0
    _positions: Optional[Mapping[cst.CSTNode, CodeRange]] = field(default=None, repr=False)

    def _range(self, node: cst.CSTNode) -> CodeRange:
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        return self._positions[node]

    def _moved(self, line: int, column: int) -> Position:
        line += self.offset
        if line in self.headers:
            column += self.indent
        return Position(line, column + 1)

    def start(self, node: cst.CSTNode) -> Position:
        where = self._range(node).start
        return self._moved(where.line, where.column)

    def end(self, node: cst.CSTNode) -> Position:
        where = self._range(node).end
        return self._moved(where.line, where.column)


def whole(module: cst.Module) -> Source:
    return Source(module)


def segment(lines: List[str], record: Function) -> Optional[Source]:
    """The function of a summary ``record`` parsed alone, or None if it does not parse so."""
    return piece(lines, record.first, record.last, record.indent, frozenset(record.headers))


def piece(
    lines: Sequence[str], first: int, last: int, indent: int, headers: FrozenSet[int]
) -> Optional[Source]:
    """The function on file lines ``first`` to ``last`` parsed alone (``indent`` characters
    taken off its ``headers`` lines), or None if it does not parse so."""
    text = piece_text(lines, first, last, indent, headers)
    if text is None:
        return None
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, SyntaxError, RecursionError):
        return None
    if len(module.body) != 1 or not isinstance(module.body[0], cst.FunctionDef):
        return None
    return Source(module, offset=first - 1, headers=headers, indent=indent)


def piece_text(
    lines: Sequence[str], first: int, last: int, indent: int, headers: FrozenSet[int]
) -> Optional[str]:
    """File lines ``first`` to ``last`` (from 1, with their line endings) as the text a
    piece parses: ``indent`` characters taken off the ``headers`` lines, and a line ending
    after the last line if it has none. None if what comes off is not whitespace."""
    pieces = []
    for number in range(first, last + 1):
        line = lines[number - 1]
        if number in headers:
            if line[:indent].strip():
                return None
            line = line[indent:]
        pieces.append(line)
    text = "".join(pieces)
    if not text.endswith(("\n", "\r")):
        text += "\n"
    return text


def roots(records: Mapping[str, Function], keys: Tuple[str, ...]) -> List[str]:
    """The planned functions not nested in another planned one: parsing those covers all."""
    spans: Dict[str, Tuple[int, int]] = {
        key: (records[key].first, records[key].last) for key in keys
    }
    found = []
    for key, (first, last) in spans.items():
        inside = any(
            other != key
            and o_first <= first
            and last <= o_last
            and (o_first, o_last) != (first, last)
            for other, (o_first, o_last) in spans.items()
        )
        if not inside:
            found.append(key)
    return found
