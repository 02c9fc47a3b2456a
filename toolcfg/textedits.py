"""A fix as text edits: ranges of the original source and their replacement text.

The codemod works on trees; editors, ``--output-format json`` and SARIF want text edits.
We get them by diffing the source before and after one finding's fix: lines first, then
tokens inside each changed block, so that two fixes on one line do not overlap.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

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
    """The blocks of lines that differ: ``old[i1:i2]`` became ``new[j1:j2]``, in order.

    Lines unchanged at either end are left out of the match first: among repeated lines (two
    identical calls, one of them fixed) the matcher could otherwise pair the unchanged one
    with the changed one, and report an edit of a line the fix does not touch.

    What is left is matched by ``difflib`` when it is small. A larger stretch (a big file
    with fixes far apart) would cost ``difflib`` time that grows with its square, blank lines
    and ``return None`` matching all over it, so it is first cut at anchors: lines found
    exactly once in it on each side, in the same order on both (patience diffing). A fix's
    changes are small and local, so the pieces between anchors are small, and each is
    matched in the same way, with its own ends left out first.
    """
    pending = [(0, len(old), 0, len(new))]
    while pending:
        a1, a2, b1, b2 = _trimmed(old, new, *pending.pop())
        if a1 == a2 and b1 == b2:
            continue
        if a1 == a2 or b1 == b2 or (a2 - a1) * (b2 - b1) <= MATCHED_DIRECTLY:
            yield from _matched(old, a1, a2, new, b1, b2)
            continue
        anchors = _anchors(old, a1, a2, new, b1, b2)
        if not anchors:  # nothing to cut at: no line occurs once on each side
            yield from _matched(old, a1, a2, new, b1, b2)
            continue
        pieces = []
        for i, j in anchors:
            pieces.append((a1, i, b1, j))
            a1, b1 = i + 1, j + 1
        pieces.append((a1, a2, b1, b2))
        pending.extend(reversed(pieces))  # popped first to last: the blocks come in order


def _trimmed(
    old: Sequence[str], new: Sequence[str], a1: int, a2: int, b1: int, b2: int
) -> Tuple[int, int, int, int]:
    """``old[a1:a2]`` and ``new[b1:b2]`` without the lines they share at the start, then
    without those they share at the end."""
    while a1 < a2 and b1 < b2 and old[a1] == new[b1]:
        a1, b1 = a1 + 1, b1 + 1
    while a1 < a2 and b1 < b2 and old[a2 - 1] == new[b2 - 1]:
        a2, b2 = a2 - 1, b2 - 1
    return a1, a2, b1, b2


#: A stretch of ``old`` and ``new`` lines whose sizes multiply to at most this is matched by
#: ``difflib`` as it is: the fixes of an ordinary file are, so their diffs stay ``difflib``'s.
MATCHED_DIRECTLY = 250_000


def _matched(
    old: Sequence[str], a1: int, a2: int, new: Sequence[str], b1: int, b2: int
) -> Iterator[Tuple[int, int, int, int]]:
    """``difflib``'s blocks of ``old[a1:a2]`` against ``new[b1:b2]``, where the file has them."""
    if a1 == a2 or b1 == b2:
        yield a1, a2, b1, b2
        return
    matcher = difflib.SequenceMatcher(None, old[a1:a2], new[b1:b2], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield i1 + a1, i2 + a1, j1 + b1, j2 + b1


def _anchors(
    old: Sequence[str], a1: int, a2: int, new: Sequence[str], b1: int, b2: int
) -> List[Tuple[int, int]]:
    """The lines found once in ``old[a1:a2]`` and once in ``new[b1:b2]``, as ``(i, j)`` pairs:
    the longest run of them that stands in the same order on both sides."""
    seen: Dict[str, int] = {}  # a line's index in old, or -1 once it is seen twice
    for i in range(a1, a2):
        seen[old[i]] = -1 if old[i] in seen else i
    found: Dict[str, int] = {}
    for j in range(b1, b2):
        line = new[j]
        if seen.get(line, -1) >= 0:
            found[line] = -1 if line in found else j
    pairs = sorted((seen[line], j) for line, j in found.items() if j >= 0)
    return _increasing(pairs)


def _increasing(pairs: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """A longest run of ``pairs`` (sorted by their first items, their second items all
    different) whose second items increase too."""
    ends: List[int] = []  # ends[k]: the smallest second item that ends a run of k + 1
    last: List[int] = []  # last[k]: the index in pairs of the pair that ends it
    before: List[int] = []  # before[p]: the index of the pair ahead of pairs[p], or -1
    for p, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(ends, j)
        before.append(last[k - 1] if k else -1)
        if k == len(ends):
            ends.append(j)
            last.append(p)
        else:
            ends[k], last[k] = j, p
    run: List[Tuple[int, int]] = []
    p = last[-1] if last else -1
    while p >= 0:
        run.append(pairs[p])
        p = before[p]
    run.reverse()
    return run


def unified_diff(
    old: Sequence[str],
    new: Sequence[str],
    fromfile: str = "",
    tofile: str = "",
    context: int = 3,
    lineterm: str = "\n",
) -> Iterator[str]:
    """``difflib.unified_diff`` of two lists of lines, matched as ``changed_blocks`` matches
    them: in time that grows with the files, not with their square."""
    started = False
    for line in _hunk_lines(old, new, context, lineterm):
        if not started:
            started = True
            yield f"--- {fromfile}{lineterm}"
            yield f"+++ {tofile}{lineterm}"
        yield line


def edit_hunks(lines: Sequence[str], edits: Sequence[TextEdit], context: int = 3) -> List[str]:
    """The hunks of the unified diff of what ``edits`` do to a text of ``lines`` (with their
    line endings), as lines without them, and no file header.

    Worked out around each cluster of edits (those that would share a hunk), as a file's
    many findings each want theirs and a fix's import and signature can be thousands of
    lines apart: each cluster's hunks are those the whole file's diff would show, were it
    the only change. A diff leaves out first the lines unchanged at either end, and those
    around the cluster are. A line more than the context is taken on each side, so that an
    edit at the edge cannot join a line break with one outside. Only when lines added or
    taken out match the lines after them to the end of the window (a blank line added among
    blank lines) could the diff show them further on: then the window grows, and takes in
    the next cluster if it reaches it.
    """
    clusters = _clusters(sorted(edits), context)
    found: List[str] = []
    shift = 0  # lines the clusters before added, less those they took out
    index = 0
    while index < len(clusters):
        group = list(clusters[index])
        old, new, low, high = _around(lines, group, context)
        while index + 1 < len(clusters) and high > _window_start(clusters[index + 1], context):
            index += 1
            group += clusters[index]
            old, new, low, high = _around(lines, group, context)
        found += _hunk_lines(old, new, context, "", low, low + shift)
        shift += len(new) - len(old)
        index += 1
    return found


def _clusters(edits: Sequence[TextEdit], context: int) -> List[List[TextEdit]]:
    """Sorted edits in runs that share no hunk. An edit changes the lines it spans, and may
    join the line before it with a line break: runs further apart than that and twice the
    context are shown apart."""
    clusters: List[List[TextEdit]] = []
    last = 0  # the last line the current run reaches, from 1
    for edit in edits:
        if clusters and edit.start.line - last <= 2 * context + 3:
            clusters[-1].append(edit)
            last = max(last, edit.end.line)
        else:
            clusters.append([edit])
            last = edit.end.line
    return clusters


def _window_start(edits: Sequence[TextEdit], context: int) -> int:
    return max(min(edit.start.line for edit in edits) - 2 - context, 0)


def _around(
    lines: Sequence[str], edits: Sequence[TextEdit], context: int
) -> Tuple[List[str], List[str], int, int]:
    """The lines of a window around ``edits``, before and after them, without their line
    endings; and the rows it spans, ``lines[low:high]``."""
    margin = context + 1
    first = min(edit.start.line for edit in edits) - 1  # rows, from 0
    last = max(edit.end.line for edit in edits)
    while True:
        low, high = max(first - margin, 0), min(last + margin, len(lines))
        window = "".join(lines[low:high])
        moved = [
            TextEdit(
                Position(edit.start.line - low, edit.start.column),
                Position(edit.end.line - low, edit.end.column),
                edit.content,
            )
            for edit in edits
        ]
        old, new = split_lines(window), split_lines(apply_edits(window, moved))
        a1, _, b1, _ = _trimmed(old, new, 0, len(old), 0, len(new))
        if high == len(lines) or (a1 < len(old) and b1 < len(new)):
            return old, new, low, high
        margin *= 2


#: A stretch of two texts: ``old[i1:i2]`` is ``new[j1:j2]``, or became it.
_Opcode = Tuple[str, int, int, int, int]


def _hunk_lines(
    old: Sequence[str],
    new: Sequence[str],
    context: int,
    lineterm: str,
    old_start: int = 0,
    new_start: int = 0,
) -> Iterator[str]:
    """The ``@@`` hunks of a unified diff, as ``difflib`` writes them; their line numbers
    counted from ``old_start`` + 1 and ``new_start`` + 1."""
    for group in _grouped(_opcodes(old, new), context):
        first, last = group[0], group[-1]
        before = _range(first[1] + old_start, last[2] + old_start)
        after = _range(first[3] + new_start, last[4] + new_start)
        yield f"@@ -{before} +{after} @@{lineterm}"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in old[i1:i2])
                continue
            yield from ("-" + line for line in old[i1:i2])
            yield from ("+" + line for line in new[j1:j2])


def _opcodes(old: Sequence[str], new: Sequence[str]) -> List[_Opcode]:
    """``SequenceMatcher.get_opcodes`` for ``changed_blocks``' blocks."""
    codes: List[_Opcode] = []
    i = j = 0
    for i1, i2, j1, j2 in changed_blocks(old, new):
        if i < i1:
            codes.append(("equal", i, i1, j, j1))
        tag = "replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert"
        codes.append((tag, i1, i2, j1, j2))
        i, j = i2, j2
    if i < len(old):
        codes.append(("equal", i, len(old), j, len(new)))
    return codes


def _grouped(codes: List[_Opcode], context: int) -> Iterator[List[_Opcode]]:
    """``SequenceMatcher.get_grouped_opcodes``: the changes, with ``context`` lines around
    each, those closer than twice that together."""
    if not any(code[0] != "equal" for code in codes):
        return
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: List[_Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A hunk's range, as ``difflib`` writes it: an empty one starts at the line before."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"


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


def file_diff(path: str, old: str, new: str) -> str:
    """``old`` to ``new`` as a unified diff of ``path``, which ``git apply`` takes."""
    return "".join(
        unified_diff(
            split_lines(old, keepends=True),
            split_lines(new, keepends=True),
            fromfile=path,
            tofile=path,
        )
    )
