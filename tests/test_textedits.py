"""Diffing a fix: the line blocks, row maps, unified diffs and text edits of
``toolcfg.textedits``, and how their work grows with a file.

A fix changes a few lines here and there in a file that may be tens of thousands of lines
long. Matching the whole file with ``difflib`` costs time that grows with its square, so the
tests below count what reaches the matcher, never the clock: on a big file with scattered
one-line changes, it must only ever see the lines around each change.
"""

from __future__ import annotations

import difflib
import random
import re
from typing import Any, List, Sequence, Tuple

import pytest

from toolcfg import fixing, textedits
from toolcfg.linter.findings import Position
from toolcfg.textedits import (
    TextEdit,
    apply_edits,
    changed_blocks,
    edit_hunks,
    position_before,
    row_map,
    split_lines,
    text_edits,
    unified_diff,
)

#: Lines an ordinary module repeats all over: what makes a whole-file matcher slow.
REPEATED = ("\n", "        return None\n", "    pass\n", "\n", "        continue\n", "    )\n")


def code(lines: int, seed: int = 0) -> List[str]:
    """``lines`` lines of code-like text: unique statements among repeated lines."""
    rng = random.Random(seed)
    return [
        rng.choice(REPEATED) if rng.random() < 0.4 else f"    value_{k} = compute({k})\n"
        for k in range(lines)
    ]


Block = Tuple[int, int, int, int]


def scattered_changes(old: Sequence[str], count: int, seed: int) -> Tuple[List[str], List[Block]]:
    """``old`` with ``count`` changes far apart, as a fix makes them (a statement rewritten,
    lines added after it, a statement taken out), and the blocks that changed. Each change
    is unlike the lines around it, so that there is one right answer."""
    rng = random.Random(seed)
    statements = [row for row, line in enumerate(old) if line.startswith("    value_")]
    rows = sorted(rng.sample(statements[5:-5:40], count))
    new: List[str] = []
    blocks: List[Block] = []
    cursor = 0
    for row in rows:
        new += old[cursor:row]
        start = len(new)
        kind = rng.choice(("rewrite", "add", "remove"))
        if kind == "rewrite":
            new.append(f"    changed_{row} = compute({row}, config=config)\n")
            blocks.append((row, row + 1, start, start + 1))
        elif kind == "add":
            new += [old[row], f"    added_{row}()\n", f"    more_{row}()\n"]
            blocks.append((row + 1, row + 1, start + 1, start + 3))
        else:
            blocks.append((row, row + 1, start, start))
        cursor = row + 1
    return new + old[cursor:], blocks


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> List[Tuple[int, int]]:
    """The sizes of the sequences ``textedits`` hands to ``difflib``'s matcher."""
    sizes: List[Tuple[int, int]] = []
    matcher = difflib.SequenceMatcher

    def recording(
        isjunk: Any, a: Sequence[str], b: Sequence[str], **options: Any
    ) -> difflib.SequenceMatcher[str]:
        sizes.append((len(a), len(b)))
        return matcher(isjunk, a, b, **options)

    monkeypatch.setattr(textedits.difflib, "SequenceMatcher", recording)
    return sizes


def test_changed_blocks_in_a_big_file_match_only_the_lines_around_each_change(
    recorded: List[Tuple[int, int]],
) -> None:
    old = code(20_000)
    new, expected = scattered_changes(old, 14, seed=1)
    assert list(changed_blocks(old, new)) == expected
    # The whole file went to the matcher before: 20,000 lines a side.
    assert max(max(sizes) for sizes in recorded) <= 3
    assert sum(a * b for a, b in recorded) <= 14 * 2


def test_row_map_of_lines_changed_far_apart_in_20000_touches_bounded_regions(
    recorded: List[Tuple[int, int]],
) -> None:
    """A changed line at each end of a big file: the lines between them, unchanged, used to
    go to the matcher whole."""
    old = code(20_000)
    new = list(old)
    new[1_234] = "    value = compute(config=config)\n"
    new[18_765] = "    other = compute(config=config)\n"
    new[10_000:10_000] = ["    added()\n"]
    mapping, changed = row_map(old, new)
    assert changed == {1_234, 10_000, 18_766}
    assert mapping == [
        *((row, row) for row in range(10_000)),
        None,
        *((row, row) for row in range(10_000, 20_000)),
    ]
    assert recorded == [(1, 1), (1, 1)]  # each rewritten line, against what replaced it


def test_text_edits_of_a_big_file_are_the_lines_changed(
    recorded: List[Tuple[int, int]],
) -> None:
    old = code(20_000)
    new = list(old)
    row = next(row for row in range(7_000, 8_000) if old[row].startswith("    value_"))
    new[row] = new[row].replace(f"compute({row})", f"compute({row}, config=config)")
    new[15_000:15_000] = ["    added()\n"]
    edits = text_edits("".join(old), "".join(new))
    column = len(f"    value_{row} = compute({row}") + 1
    assert edits == [
        TextEdit(Position(row + 1, column), Position(row + 1, column), ", config=config"),
        TextEdit(Position(15_001, 1), Position(15_001, 1), "    added()\n"),
    ]
    assert max(max(sizes) for sizes in recorded) <= 20  # the tokens of one line


def test_changed_blocks_cut_at_anchors_agree_with_difflib_where_the_changes_are_plain() -> None:
    """A file too big to match directly is cut at lines found once on each side; each
    change rewrites, adds or removes lines unlike their neighbours, so every cut must give
    what ``difflib`` gives over the whole file."""
    for seed in range(20):
        old = code(3_000, seed)
        new, expected = scattered_changes(old, 20, seed)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        from_difflib = [
            (i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
        ]
        assert list(changed_blocks(old, new)) == from_difflib == expected


def test_changed_blocks_without_a_line_found_once_still_match() -> None:
    """Nothing to cut at: the stretch goes to ``difflib`` whole, and the blocks are right."""
    old = ["\n"] * 1_200
    new = [*old[:100], "x\n", *old[100:1_100], "y\n", *old[1_100:]]
    assert list(changed_blocks(old, new)) == [(100, 100, 100, 101), (1_100, 1_100, 1_101, 1_102)]


def test_changed_blocks_turn_old_into_new() -> None:
    """Whatever the blocks, putting ``new``'s lines in place of ``old``'s gives ``new``, and
    the blocks are in order and never touch."""
    rng = random.Random(3)
    for _ in range(300):
        size = rng.choice((5, 40, 900))
        old = [rng.choice("abcdefgh") + "\n" for _ in range(size)]
        if rng.random() < 0.5:  # many lines found once, for the cuts
            old = [
                f"{line.strip()}{k if rng.random() < 0.7 else ''}\n" for k, line in enumerate(old)
            ]
        new = list(old)
        for _ in range(rng.randint(0, 6)):
            row = rng.randint(0, len(new))
            new[row : row + rng.randint(0, 3)] = [rng.choice("abxyz") + "\n"] * rng.randint(0, 2)
        rebuilt, cursor, last = [], 0, (-1, -1)
        for i1, i2, j1, j2 in changed_blocks(old, new):
            assert (i1, j1) > last and i1 >= cursor
            rebuilt += old[cursor:i1] + new[j1:j2]
            cursor, last = i2, (i2, j2)
        assert rebuilt + old[cursor:] == new


def test_unified_diff_writes_what_difflib_writes() -> None:
    """For the same blocks, the same text, headers and hunk ranges included."""
    rng = random.Random(5)
    compared = 0
    for _ in range(400):
        old = [rng.choice("abcd") + "\n" for _ in range(rng.randint(0, 30))]
        new = list(old)
        for _ in range(rng.randint(0, 4)):
            row = rng.randint(0, len(new))
            new[row : row + rng.randint(0, 2)] = [rng.choice("abxy") + "\n"] * rng.randint(0, 2)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        blocks = [
            (i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
        ]
        if blocks != list(changed_blocks(old, new)):
            continue  # repeated lines matched another way: both right, not comparable
        compared += 1
        for context in (0, 1, 3):
            ours = list(unified_diff(old, new, "a.py", "b.py", context=context))
            theirs = list(difflib.unified_diff(old, new, "a.py", "b.py", n=context))
            assert ours == theirs
    assert compared > 200


def test_unified_diff_of_a_big_file_is_difflibs() -> None:
    old = code(20_000)
    new, _ = scattered_changes(old, 14, seed=2)
    assert list(unified_diff(old, new, "app.py", "app.py")) == list(
        difflib.unified_diff(old, new, "app.py", "app.py")
    )


def _random_edits(rng: random.Random, text: str, within: int = 0) -> List[TextEdit]:
    """One to three edits of ``text``; all within ``within`` characters, if given."""
    lines = split_lines(text, keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    low = rng.randint(0, max(len(text) - within, 0)) if within else 0
    high = min(low + within, len(text)) if within else len(text)
    places = range(low, high + 1)
    offsets = sorted(rng.sample(places, min(len(places), 2 * rng.randint(1, 3))))
    edits = []
    for start, end in zip(offsets[::2], offsets[1::2]):
        content = "".join(
            rng.choice(("x", " ", "\n", "\r\n", "\r", "y")) for _ in range(rng.randint(0, 4))
        )
        edits.append(
            TextEdit(
                textedits._position(starts, lines, start),
                textedits._position(starts, lines, end),
                content,
            )
        )
    return edits


def _random_text(rng: random.Random) -> str:
    """Lines that repeat, and all three line endings."""
    return "".join(
        rng.choice(("a", "b", "c", "d", "e")) + rng.choice(("\n", "\r\n", "\r"))
        for _ in range(rng.randint(0, 60))
    )


_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _patched(old: Sequence[str], hunks: Sequence[str]) -> List[str]:
    """``old`` with the hunks applied, checking every line and number they show."""
    result: List[str] = []
    cursor = 0
    for line in hunks:
        header = _HUNK.fullmatch(line)
        if header is not None:
            before, before_count, after, after_count = header.groups()
            start = int(before) - (0 if before_count == "0" else 1)
            assert start >= cursor
            result += old[cursor:start]
            cursor = start
            assert len(result) == int(after) - (0 if after_count == "0" else 1)
        elif line[0] == "+":
            result.append(line[1:])
        else:
            assert line[0] in " -" and old[cursor] == line[1:]
            if line[0] == " ":
                result.append(line[1:])
            cursor += 1
    return result + list(old[cursor:])


def test_edit_hunks_of_edits_close_together_are_the_whole_files_hunks() -> None:
    """Worked out around the edits, the hunks are those of the whole file's diff, whatever
    the line endings next to the edits and however the lines repeat."""
    rng = random.Random(11)
    for _ in range(500):
        text = _random_text(rng)
        edits = _random_edits(rng, text, within=4)
        fixed = apply_edits(text, edits)
        for context in (0, 1, 3):
            whole = list(
                unified_diff(split_lines(text), split_lines(fixed), context=context, lineterm="")
            )
            assert edit_hunks(split_lines(text, keepends=True), edits, context) == whole[2:]


def test_edit_hunks_of_edits_anywhere_give_the_fixed_text() -> None:
    """Each cluster of edits gets its hunks: together they turn the text into the fixed
    one, and number the lines as the fixed text has them."""
    rng = random.Random(12)
    for _ in range(500):
        text = _random_text(rng)
        edits = _random_edits(rng, text)
        fixed = apply_edits(text, edits)
        for context in (0, 1, 3):
            hunks = edit_hunks(split_lines(text, keepends=True), edits, context)
            assert _patched(split_lines(text), hunks) == split_lines(fixed)


def test_edit_hunks_of_a_big_files_text_edits_are_its_unified_diff(
    recorded: List[Tuple[int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full format's case: the text edits of fixes scattered over a big file (the first
    near its top, as an import is), each diffed around itself, give the whole file's diff,
    and only the lines around each are read."""
    old = code(20_000)
    new, _ = scattered_changes(old, 14, seed=3)
    new.insert(2, "from langchain_core.runnables import RunnableConfig\n")
    edits = text_edits("".join(old), "".join(new))
    whole = list(unified_diff(split_lines("".join(old)), split_lines("".join(new)), context=1))
    recorded.clear()
    split: List[int] = []
    splitter = textedits.split_lines

    def recording(text: str, keepends: bool = False) -> List[str]:
        split.append(len(splitter(text)))
        return splitter(text, keepends)

    monkeypatch.setattr(textedits, "split_lines", recording)
    hunks = edit_hunks(old, edits, context=1)
    assert hunks == [line.rstrip("\n") for line in whole[2:]]
    assert max(max(sizes) for sizes in recorded) <= 20
    assert len(split) == 3 * 15 and max(split) <= 8  # per change, a window: 3 splits of it


def test_position_before_in_a_big_file() -> None:
    old = code(20_000)
    new = list(old)
    new[10_000:10_000] = ["    added()\n", "    more()\n"]
    move = position_before("".join(old), "".join(new))
    assert move(Position(10_001, 5)) == Position(10_001, 5)  # added: the line after it
    assert move(Position(10_003, 7)) == Position(10_001, 7)
    assert move(Position(19_000, 3)) == Position(18_998, 3)
    assert move(Position(5, 3)) == Position(5, 3)


def test_claims_are_the_text_edits_each_region_overlaps() -> None:
    """Which text edits lie in which regions, found by bisection, is what comparing every
    text edit with every region finds."""
    rng = random.Random(13)
    for _ in range(300):
        points = sorted(
            {Position(rng.randint(1, 30), rng.randint(1, 10)) for _ in range(rng.randint(0, 30))}
        )
        diffs = []
        for index in range(0, len(points) - 1, 2):
            end = points[index + 1] if rng.random() < 0.7 else points[index]
            diffs.append(TextEdit(points[index], end, "x"))
        regions: dict = {}
        for edit in range(rng.randint(0, 6)):
            spans = []
            for _ in range(rng.randint(0, 3)):
                a = Position(rng.randint(1, 30), rng.randint(1, 10))
                b = Position(rng.randint(1, 30), rng.randint(1, 10))
                spans.append((min(a, b), max(a, b)))
            regions[edit] = spans
        claims = fixing._claims(diffs, regions)
        for edit, spans in regions.items():
            expected = [
                index
                for index, diff in enumerate(diffs)
                if any(diff.start <= end and start <= diff.end for start, end in spans)
            ]
            assert sorted(set(claims.by_edit[edit])) == expected
        everywhere = {index for found in claims.by_edit.values() for index in found}
        assert claims.unclaimed == [i for i in range(len(diffs)) if i not in everywhere]
