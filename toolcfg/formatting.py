"""Let the project's own formatter lay out the statements a fix made too long.

A fix writes in the file's own layout, so an added parameter, ``config=config`` or import
can push a line past the line length. Rather than imitate a formatter's style, which moves
(ruff changed it in 0.9; new syntax such as t-strings keeps coming), we ask the user's
formatter, ruff or Black, to lay out just those statements: ``ruff format --range`` or
``black --line-ranges``, text in on stdin and out on stdout, with ``--stdin-filename`` so
that it reads the project's configuration as it does for the file itself.

Only code that was already as the formatter lays it out is laid out again: the formatter
must first leave the statement the fix changed, as it was before the fix, unchanged. Anything
that goes wrong (no formatter, ``# fmt: off``, a failure, a timeout, output that changes
other lines or does not parse) leaves the fix's text as it is, and says why. Finding and
running the formatter is ``formatters.py``'s.
"""

from __future__ import annotations

import enum
import io
import os
import re
import tokenize
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolcfg.configfiles import ConfigFiles
from toolcfg.filesettings import DEFAULT_LINE_LENGTH
from toolcfg.formatters import (
    Formatter,
    FormatterRun,
    Formatters,
    configured_line_length,
    find_formatter,
    trimmed,
)
from toolcfg.settings import Resolver
from toolcfg.textedits import Rows, row_map, split_lines

_LONE_CR = re.compile(r"\r(?!\n)")
_FORMATTING_OFF = re.compile(r"fmt:\s*(off|skip)\b|yapf:\s*disable\b")
_OWN_LINE_OFF = re.compile(r"#\s*(fmt:\s*off|yapf:\s*disable)\s*$")
_OWN_LINE_ON = re.compile(r"#\s*(fmt:\s*on|yapf:\s*enable)\s*$")
#: Tokens that do not start a statement.
_NOT_CODE = frozenset(
    (
        tokenize.NL,
        tokenize.COMMENT,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    )
)


class Reason(enum.Enum):
    """Why a statement with a line too long is left as the fix wrote it."""

    NO_FORMATTER = "no formatter to lay it out"
    NOT_CLEAN = "before the fix, it was not as the formatter lays it out"
    FORMATTING_OFF = "formatting is off there (`# fmt: off` or `# fmt: skip`)"
    FAILED = "the formatter failed"
    KEPT = "the formatter keeps it as it is"


@dataclass(frozen=True)
class LineRange:
    """Lines ``start`` to ``end`` of a text, both counted from 1 and included."""

    start: int
    end: int


@dataclass(frozen=True)
class Left:
    """A statement left as the fix wrote it although a line of it is too long."""

    lines: LineRange
    reason: Reason
    message: str = ""  # the formatter's own words, when it failed


@dataclass(frozen=True)
class Relayout:
    """The fixed text with the too-long statements laid out; where, and what was not."""

    text: str
    #: The lines of ``text`` the formatter laid out: there, and nowhere else, whitespace,
    #: parentheses and commas may differ from the fix as written.
    laid_out: tuple[LineRange, ...] = ()
    left: tuple[Left, ...] = ()


def relayout(
    old: str,
    new: str,
    path: Path,
    formatter: Formatter | None,
    line_length: int | None,
    *,
    files: ConfigFiles | None = None,
) -> Relayout:
    """``new``, the fix of ``old``, with the statements the fix made too long laid out.

    ``line_length``, when given, is also passed to the formatter; otherwise the formatter's
    configured one applies (read through ``files``, the run's configuration files).
    """
    path = Path(os.path.abspath(path))
    if line_length is not None:
        limit = line_length
    elif formatter is not None:
        limit = configured_line_length(formatter, path.parent, files or ConfigFiles())
    else:
        limit = DEFAULT_LINE_LENGTH
    new_rows = split_lines(new, keepends=True)
    old_of, changed = row_map(split_lines(old, keepends=True), new_rows)
    long_rows = [row for row in sorted(changed) if width(_bare(new_rows[row])) > limit]
    if not long_rows:
        return Relayout(new)
    reading = _read(new)
    if reading is None:
        message = "the fixed text cannot be tokenized"
        return Relayout(new, (), tuple(_left((r, r), Reason.FAILED, message) for r in long_rows))
    units = sorted({reading.statement_of[row] for row in long_rows if row in reading.statement_of})
    left: dict[Rows, tuple[Reason, str]] = {}
    for unit in units:
        if not reading.formatting_off.isdisjoint(range(unit[0], unit[1] + 1)):
            left[unit] = (Reason.FORMATTING_OFF, "")
        elif formatter is None:
            left[unit] = (Reason.NO_FORMATTER, "")
    pending = [unit for unit in units if unit not in left]
    replacements: dict[Rows, tuple[str, ...]] = {}
    if formatter is not None and pending:
        run = FormatterRun(formatter, path, line_length)
        clean = _clean(run, old, [_old_rows(unit, old_of) for unit in pending])
        to_format = []
        for unit, verdict in zip(pending, clean):
            if verdict is True:
                to_format.append(unit)
            else:
                left[unit] = (
                    (Reason.NOT_CLEAN, "") if verdict is False else (Reason.FAILED, verdict)
                )
        groups = _merged(to_format)
        for group, outcome in zip(groups, run.lay_out(new, groups)):
            members = [unit for unit in to_format if group[0] <= unit[0] <= group[1]]
            if isinstance(outcome, str):
                left.update((unit, (Reason.FAILED, outcome)) for unit in members)
            elif outcome == trimmed([_bare(row) for row in new_rows[group[0] : group[1] + 1]]):
                left.update((unit, (Reason.KEPT, "")) for unit in members)
            else:
                replacements[group] = outcome
        for group in _unparsable(new, new_rows, replacements):
            del replacements[group]
            members = [unit for unit in to_format if group[0] <= unit[0] <= group[1]]
            message = "the formatter's output does not parse"
            left.update((unit, (Reason.FAILED, message)) for unit in members)
    return _spliced(new_rows, replacements, left)


# ----- was it laid out before the fix ---------------------------------------------------


def _clean(run: FormatterRun, old: str, ranges: Sequence[Rows | None]) -> list[bool | str]:
    """For each range of ``old``, does the formatter leave it as it is? None is a statement
    the fix added: there was no layout of the user's to keep. A str says why we cannot tell.
    """
    reading = _read(old) if any(ranges) else None
    whole: dict[Rows, Rows] = {}  # each range, grown to the statements it touches
    if reading is not None:
        for rows in ranges:
            if rows is not None:
                whole[rows] = _statements_over(reading, rows)
    groups = _merged(whole.values())
    verdicts = dict(zip(groups, run.lay_out(old, groups))) if groups else {}
    old_rows = split_lines(old)
    found: list[bool | str] = []
    for rows in ranges:
        if rows is None:
            found.append(True)
        elif rows not in whole:
            found.append(False)  # the text before the fix cannot be tokenized
        else:
            group = next(g for g in groups if g[0] <= whole[rows][0] <= g[1])
            verdict = verdicts[group]
            found.append(
                verdict
                if isinstance(verdict, str)
                else verdict == trimmed(old_rows[group[0] : group[1] + 1])
            )
    return found


# ----- statements -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """A text's statements, as rows: each simple statement or compound statement header
    (a logical line), by each of its rows; and the rows where formatting is off."""

    statement_of: dict[int, Rows]
    formatting_off: set[int]


def _read(text: str) -> _Reading | None:
    """The text's statements; None if ``tokenize`` cannot read it.

    ``tokenize`` takes a lone ``\\r`` for an error, not a line ending; as a ``\\n`` it keeps
    every row where it was.
    """
    readline = io.StringIO(_LONE_CR.sub("\n", text), newline="").readline
    statements: list[Rows] = []
    off: set[int] = set()
    first: int | None = None
    off_since: int | None = None
    try:
        for token in tokenize.generate_tokens(readline):
            row = token.start[0] - 1
            if token.type == tokenize.COMMENT:
                own_line = not token.line[: token.start[1]].strip()
                if own_line and _OWN_LINE_OFF.match(token.string) and off_since is None:
                    off_since = row
                elif own_line and _OWN_LINE_ON.match(token.string) and off_since is not None:
                    off.update(range(off_since, row + 1))
                    off_since = None
                if _FORMATTING_OFF.search(token.string):
                    off.add(row)
            if token.type == tokenize.NEWLINE and first is not None:
                statements.append((first, row))
                first = None
            elif token.type not in _NOT_CODE and first is None:
                first = row
    except (tokenize.TokenError, SyntaxError):
        return None
    if off_since is not None:
        off.update(range(off_since, len(split_lines(text)) + 1))
    statement_of = {row: rows for rows in statements for row in range(rows[0], rows[1] + 1)}
    return _Reading(statement_of, off)


def _statements_over(reading: _Reading, rows: Rows) -> Rows:
    """``rows``, grown to the whole statements they touch."""
    touched = (reading.statement_of.get(row) for row in range(rows[0], rows[1] + 1))
    found = [statement for statement in touched if statement is not None]
    if not found:
        return rows
    return min(rows[0], found[0][0]), max(rows[1], found[-1][1])


def _old_rows(unit: Rows, old_of: Sequence[Rows | None]) -> Rows | None:
    """The rows of the text before the fix that the statement at ``unit`` stands for."""
    found = [old_of[row] for row in range(unit[0], unit[1] + 1)]
    rows = [r for r in found if r is not None]
    if not rows:
        return None
    return min(r[0] for r in rows), max(r[1] for r in rows)


def _merged(ranges: Iterable[Rows]) -> list[Rows]:
    """The ranges, sorted, with those that overlap or touch made one."""
    merged: list[Rows] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


# ----- the result -----------------------------------------------------------------------


def _unparsable(
    new: str, rows: Sequence[str], replacements: dict[Rows, tuple[str, ...]]
) -> list[Rows]:
    """The groups whose layout does not compile, when the fixed text does.

    Text this interpreter cannot compile (a t-string before Python 3.14) is the formatter's
    to judge: it parses the file itself and fails on text it cannot read.
    """
    if not replacements or not _compiles(new):
        return []
    if _compiles(_joined(rows, replacements)):
        return []
    bad = [g for g in replacements if not _compiles(_joined(rows, {g: replacements[g]}))]
    good = {g: r for g, r in replacements.items() if g not in bad}
    return bad if _compiles(_joined(rows, good)) else list(replacements)


def _compiles(text: str) -> bool:
    try:
        compile(text, "<relayout>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _joined(rows: Sequence[str], replacements: dict[Rows, tuple[str, ...]]) -> str:
    return "".join(_pieces(rows, replacements)[0])


def _pieces(
    rows: Sequence[str], replacements: dict[Rows, tuple[str, ...]]
) -> tuple[list[str], dict[int, int]]:
    """The text in pieces with the replacements made, and where each row of ``rows`` that
    starts a piece went (0-based).

    The new lines end as the rows they replace do: CRLF stays CRLF, and a last line without
    a line ending stays without one.
    """
    newline = next((_ending(row) for row in rows if _ending(row)), "\n")
    pieces: list[str] = []
    where: dict[int, int] = {}
    starts = {group[0]: group for group in replacements}
    row = result_row = 0
    while row < len(rows):
        where[row] = result_row
        if row in starts:
            first, last = starts[row]
            lines = replacements[starts[row]]
            endings = [_ending(text) for text in rows[first : last + 1]]
            between = next((ending for ending in endings if ending), newline)
            pieces.append(between.join(lines) + endings[-1])
            result_row, row = result_row + len(lines), last + 1
        else:
            pieces.append(rows[row])
            result_row, row = result_row + 1, row + 1
    return pieces, where


def _spliced(
    rows: Sequence[str],
    replacements: dict[Rows, tuple[str, ...]],
    left: dict[Rows, tuple[Reason, str]],
) -> Relayout:
    pieces, where = _pieces(rows, replacements)
    laid_out = tuple(
        LineRange(where[first] + 1, where[first] + len(lines))
        for (first, _), lines in sorted(replacements.items())
    )
    kept = tuple(
        Left(LineRange(where[first] + 1, where[first] + 1 + last - first), reason, message)
        for (first, last), (reason, message) in sorted(left.items())
    )
    return Relayout("".join(pieces), laid_out, kept)


def _left(rows: Rows, reason: Reason, message: str = "") -> Left:
    return Left(LineRange(rows[0] + 1, rows[1] + 1), reason, message)


def _bare(row: str) -> str:
    return row.rstrip("\r\n")


def _ending(row: str) -> str:
    return row[len(row.rstrip("\r\n")) :]


def width(text: str) -> int:
    """Columns, as ruff counts them: a tab four, combining marks and format characters none,
    East Asian wide characters two."""
    text = text.replace("\t", "    ")
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


#: (path, text before the fixes, after) -> the laid-out text, the lines laid out, and what
#: was left too long and why: what the fix loop asks of a project's formatter.
LayOut = Callable[[str, str, str], tuple[str, tuple[tuple[int, int], ...], tuple[str, ...]]]


def lay_out_with(resolver: Resolver) -> LayOut:
    """How the fix loop lays out what fixes made too long: with the formatter each file's
    project configures, with its configuration, looked for once."""
    formatters = Formatters()

    def lay_out(
        path: str, before: str, after: str
    ) -> tuple[str, tuple[tuple[int, int], ...], tuple[str, ...]]:
        settings = resolver.for_file(path)
        directory = Path(path).parent
        formatter = find_formatter(directory, resolver.files, formatters)
        explicit = settings.line_length if settings.line_length_explicit else None
        # Without a formatter, a line is too long by the project's own line length (ruff's
        # or Black's configured one, else 88), which only a formatter would read otherwise.
        limit = explicit if formatter is not None else settings.line_length
        result = relayout(before, after, Path(path), formatter, limit, files=resolver.files)
        # Worth a word: what a formatter would have laid out, had the project one that
        # runs. Code the formatter keeps as it is, or that was not formatted before, stays
        # as ruff's own fixes leave it.
        left = tuple(
            f"{_lines(item.lines.start, item.lines.end)} left too long: {item.reason.value}"
            for item in result.left
            if item.reason is Reason.NO_FORMATTER
        )
        return result.text, tuple((r.start, r.end) for r in result.laid_out), left

    return lay_out


def _lines(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"
