"""A fix as text edits: ranges of the original source and their replacement text.

The codemod works on trees; editors, ``--output-format json`` and SARIF want text edits.
We get them by diffing the source before and after one finding's fix: lines first, then
tokens inside each changed block, so that two fixes on one line do not overlap.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional, Sequence, Set, Tuple

from toolcfg.linter.findings import Position


@dataclass(frozen=True, order=True)
class TextEdit:
    start: Position
    end: Position
    content: str


def text_edits(old: str, new: str) -> List[TextEdit]:
    """The smallest edits that turn ``old`` into ``new``, by position in ``old``."""
    old_lines = split_lines(old, keepends=True)
    new_lines = split_lines(new, keepends=True)
    line_starts = _line_starts(old_lines)
    edits = []
    for i1, i2, j1, j2 in changed_blocks(old_lines, new_lines):
        before = _TOKEN.findall("".join(old_lines[i1:i2]))
        after = _TOKEN.findall("".join(new_lines[j1:j2]))
        offsets = _offsets(before, line_starts[i1])
        tokens = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for op, a1, a2, b1, b2 in tokens.get_opcodes():
            if op != "equal":
                edits.append(
                    TextEdit(
                        _position(line_starts, old_lines, offsets[a1]),
                        _position(line_starts, old_lines, offsets[a2]),
                        "".join(after[b1:b2]),
                    )
                )
    return edits


#: Rows of a text, first and last, counted from 0.
Rows = Tuple[int, int]


def row_map(old: Sequence[str], new: Sequence[str]) -> Tuple[List[Optional[Rows]], Set[int]]:
    """For each row of ``new``, the rows of ``old`` it stands for (None: a row the change
    added), and the rows the change made.

    A changed block of as many rows as it replaces is taken row for row; any other, as a
    whole.
    """
    mapping: List[Optional[Rows]] = []
    changed: Set[int] = set()
    i = j = 0
    for i1, i2, j1, j2 in changed_blocks(old, new):
        mapping.extend((i + k, i + k) for k in range(j1 - j))
        for row in range(j1, j2):
            if i2 - i1 == j2 - j1:
                mapping.append((i1 + row - j1, i1 + row - j1))
            else:
                mapping.append((i1, i2 - 1) if i2 > i1 else None)
            changed.add(row)
        i, j = i2, j2
    mapping.extend((i + k, i + k) for k in range(len(new) - j))
    return mapping, changed


def position_before(old: str, new: str) -> Callable[[Position], Position]:
    """Where a position in ``new`` stands in ``old``: exactly on a line the change kept; on
    a line it rewrote, at the first line that one replaced (the column kept); on a line it
    added, at the line that follows the addition."""
    old_of, _ = row_map(split_lines(old, keepends=True), split_lines(new, keepends=True))

    def move(position: Position) -> Position:
        row = position.line - 1
        if row >= len(old_of):
            return position
        rows = old_of[row]
        while rows is None and row > 0:
            row -= 1
            rows = old_of[row]
            if rows is not None:
                return Position(rows[1] + 2, position.column)
        return Position(rows[0] + 1 if rows is not None else 1, position.column)

    return move


def changed_blocks(old: Sequence[str], new: Sequence[str]) -> Iterator[Tuple[int, int, int, int]]:
    """The blocks of lines that differ: ``old[i1:i2]`` became ``new[j1:j2]``.

    Lines unchanged at either end are left out of the match first: among repeated lines (two
    identical calls, one of them fixed) the matcher could otherwise pair the unchanged one
    with the changed one, and report an edit of a line the fix does not touch.
    """
    shortest = min(len(old), len(new))
    head = 0
    while head < shortest and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(
        None, old[head : len(old) - tail], new[head : len(new) - tail], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield i1 + head, i2 + head, j1 + head, j2 + head


#: Words, runs of spaces and single other characters: edits then fall on token boundaries,
#: so ``RunnableLambda`` becomes ``RunnableConfig, RunnableLambda`` by one insertion.
_TOKEN = re.compile(r"\w+|[ \t]+|\r?\n|.", re.DOTALL)


def _offsets(tokens: Sequence[str], base: int) -> List[int]:
    offsets = [base]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str, keepends: bool = False) -> List[str]:
    """Lines as Python, LibCST and editors count them: broken at ``\\n``, ``\\r\\n`` and ``\\r``.

    Not ``str.splitlines``, which also breaks at form feeds, vertical tabs, ``\\x1c``-``\\x1e``,
    ``\\x85``, ``\\u2028`` and ``\\u2029``: after one of those, its line numbers are not the
    findings' line numbers.
    """
    lines, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.end() if keepends else match.start()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def apply_edits(source: str, edits: Sequence[TextEdit]) -> str:
    """Apply non-overlapping edits; an edit repeated by several fixes is applied once."""
    lines = split_lines(source, keepends=True)
    starts = _line_starts(lines)
    pieces, cursor = [], 0
    for edit in sorted(set(edits)):
        start, end = _offset(starts, edit.start), _offset(starts, edit.end)
        if start < cursor:
            raise ValueError(f"overlapping edits at {edit.start}")
        pieces.append(source[cursor:start])
        pieces.append(edit.content)
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def _line_starts(lines: Sequence[str]) -> List[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    starts.append(offset)
    return starts


def _position(starts: Sequence[int], lines: Sequence[str], offset: int) -> Position:
    """Line and column (both from 1) of a character offset."""
    low, high = 0, len(lines)
    while low < high:  # the last line starting at or before offset
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return Position(low + 1, offset - starts[low] + 1)


def _offset(starts: Sequence[int], position: Position) -> int:
    return starts[position.line - 1] + position.column - 1


def unified_diff(path: str, old: str, new: str) -> str:
    """``old`` to ``new`` as a unified diff of ``path``, which ``git apply`` takes."""
    return "".join(
        difflib.unified_diff(
            split_lines(old, keepends=True),
            split_lines(new, keepends=True),
            fromfile=path,
            tofile=path,
        )
    )
