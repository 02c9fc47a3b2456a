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
other lines or does not parse) leaves the fix's text as it is, and says why.
"""

from __future__ import annotations

import enum
import importlib
import importlib.metadata
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolcfg.configfiles import ConfigFiles
from toolcfg.settings import DEFAULT_LINE_LENGTH, Resolver
from toolcfg.textedits import Rows, changed_blocks, row_map, split_lines

#: The first versions with range formatting: ruff's ``format --range``, Black's
#: ``--line-ranges``.
MINIMUM_VERSIONS: dict[str, tuple[int, ...]] = {"ruff": (0, 2, 1), "black": (23, 11)}
#: Seconds one formatter run may take; after that its statements are left as written.
TIMEOUT = 30.0

#: Rows of a text, both counted from 0 and included.
_Rows = Rows

_LONE_CR = re.compile(r"\r(?!\n)")
_FORMATTING_OFF = re.compile(r"fmt:\s*(off|skip)\b|yapf:\s*disable\b")
_OWN_LINE_OFF = re.compile(r"#\s*(fmt:\s*off|yapf:\s*disable)\s*$")
_OWN_LINE_ON = re.compile(r"#\s*(fmt:\s*on|yapf:\s*enable)\s*$")
_ERROR_LINE = re.compile(r"^\s*error\b", re.IGNORECASE | re.MULTILINE)
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
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


@dataclass(frozen=True)
class Formatter:
    """A formatter that can run here and lay out a range of lines."""

    name: str  # "ruff" or "black"
    argv: tuple[str, ...]  # what runs it: ("/venv/bin/ruff",), (sys.executable, "-m", "black")
    version: tuple[int, ...]


class Formatters:
    """The formatters that can run here, each looked for once: keep one for a run, so that
    a long-running process sees a formatter installed or upgraded since."""

    def __init__(self) -> None:
        self._found: dict[str, Formatter | None] = {}

    def runnable(self, name: str) -> Formatter | None:
        """``name`` ("ruff" or "black"), if it is installed and new enough."""
        if name not in self._found:
            self._found[name] = next(
                (
                    Formatter(name, argv, version)
                    for argv, version in _installations(name)
                    if version is not None and version >= MINIMUM_VERSIONS[name]
                ),
                None,
            )
        return self._found[name]


def find_formatter(
    directory: Path, files: ConfigFiles, formatters: Formatters | None = None
) -> Formatter | None:
    """The formatter the project in ``directory`` uses, if it can run.

    A ruff configuration means ruff, else a ``[tool.black]`` table means Black, else ruff,
    the likelier of the two. A project configured for one formatter is never laid out by
    the other: its style is the one the project chose.
    """
    formatters = formatters if formatters is not None else Formatters()
    if files.ruff(directory) is None and files.black(directory) is not None:
        return formatters.runnable("black")
    return formatters.runnable("ruff")


def configured_line_length(formatter: Formatter, directory: Path, files: ConfigFiles) -> int:
    """The line length ``formatter`` lays out ``directory``'s files to, as configured."""
    keys: tuple[str, ...] = ("line-length",)
    if formatter.name == "ruff":
        found = files.ruff(directory)
    else:  # Black reads its options with either spelling
        found, keys = files.black(directory), ("line-length", "line_length")
    for key in keys:
        value = found.table.get(key) if found is not None else None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return DEFAULT_LINE_LENGTH


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
    left: dict[_Rows, tuple[Reason, str]] = {}
    for unit in units:
        if not reading.formatting_off.isdisjoint(range(unit[0], unit[1] + 1)):
            left[unit] = (Reason.FORMATTING_OFF, "")
        elif formatter is None:
            left[unit] = (Reason.NO_FORMATTER, "")
    pending = [unit for unit in units if unit not in left]
    replacements: dict[_Rows, tuple[str, ...]] = {}
    if formatter is not None and pending:
        run = _Runner(formatter, path, line_length)
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
            elif outcome == _trimmed([_bare(row) for row in new_rows[group[0] : group[1] + 1]]):
                left.update((unit, (Reason.KEPT, "")) for unit in members)
            else:
                replacements[group] = outcome
        for group in _unparsable(new, new_rows, replacements):
            del replacements[group]
            members = [unit for unit in to_format if group[0] <= unit[0] <= group[1]]
            message = "the formatter's output does not parse"
            left.update((unit, (Reason.FAILED, message)) for unit in members)
    return _spliced(new_rows, replacements, left)


# ----- formatters -----------------------------------------------------------------------


def _installations(name: str) -> Iterator[tuple[tuple[str, ...], tuple[int, ...] | None]]:
    """Ways to run ``name``, and their versions: the package importable here, then ``PATH``."""
    if _importable(name):
        if name == "ruff":
            binary = _ruff_binary()
            if binary is not None:
                yield (binary,), _version_of((binary,))
        else:
            argv = (sys.executable, "-m", name)
            try:
                version = _parse_version(importlib.metadata.version(name))
            except importlib.metadata.PackageNotFoundError:
                version = _version_of(argv)
            yield argv, version
    on_path = shutil.which(name)
    if on_path is not None:
        yield (on_path,), _version_of((on_path,))


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _ruff_binary() -> str | None:
    """The binary the ``ruff`` package runs, found as ``python -m ruff`` finds it."""
    try:
        found = importlib.import_module("ruff.__main__").find_ruff_bin()
    except (ImportError, AttributeError, OSError):
        return None
    return os.fsdecode(found)


def _version_of(argv: tuple[str, ...]) -> tuple[int, ...] | None:
    """``ruff 0.9.1``, ``black, 24.2.0 (compiled: yes)``: the version ``--version`` prints."""
    try:
        done = subprocess.run(
            [*argv, "--version"], capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return _parse_version(done.stdout.decode("utf-8", "replace"))


def _parse_version(text: str) -> tuple[int, ...] | None:
    match = _VERSION.search(text)
    return tuple(int(part) for part in match.groups() if part is not None) if match else None


class _Runner:
    """Runs one formatter over ranges of a file's text, and reads what it lays out."""

    def __init__(self, formatter: Formatter, path: Path, line_length: int | None) -> None:
        self.formatter, self.path, self.line_length = formatter, path, line_length
        #: False once a run over several groups changed lines between them: the text
        #: before the fix and the fixed one share those lines, so it would again.
        self.batches = True

    def lay_out(self, text: str, groups: Sequence[_Rows]) -> list[tuple[str, ...] | str]:
        """For each group of rows, the formatter's lines for it, or why there are none.

        One run lays out all the groups when its output changes nothing between them (a
        ruff range spans them all: it is one run only where the lines between are clean);
        otherwise each group gets a run of its own.
        """
        rows = split_lines(text)
        if len(groups) > 1 and self.batches:
            output = self._run(text, rows, groups)
            if isinstance(output, str):
                return [output] * len(groups)  # it would fail the same way for each
            aligned = _aligned(rows, output, groups)
            if aligned is not None:
                return list(aligned)
            self.batches = False
        outcomes: list[tuple[str, ...] | str] = []
        for group in groups:
            output = self._run(text, rows, [group])
            if isinstance(output, str):
                outcomes.append(output)
                continue
            aligned = _aligned(rows, output, [group])
            outcomes.append(
                aligned[0] if aligned is not None else "the formatter changed other lines too"
            )
        return outcomes

    def command(self, rows: Sequence[str], groups: Sequence[_Rows]) -> list[str]:
        argv = list(self.formatter.argv)
        if self.formatter.name == "ruff":
            first, last = groups[0][0], groups[-1][1]
            # Columns count code points; the end is exclusive: the whole last row.
            span = f"{first + 1}:1-{last + 1}:{len(rows[last]) + 1}"
            argv += ["format", "--force-exclude", "--range", span]
        else:
            argv.append("--quiet")
            for first, last in groups:
                argv += ["--line-ranges", f"{first + 1}-{last + 1}"]
        if self.line_length is not None:
            argv += ["--line-length", str(self.line_length)]
        return [*argv, "--stdin-filename", str(self.path), "-"]

    def _run(self, text: str, rows: Sequence[str], groups: Sequence[_Rows]) -> list[str] | str:
        """The formatter's output, as rows without their line endings; or what went wrong."""
        name = self.formatter.name
        directory = self.path.parent
        try:
            done = subprocess.run(
                self.command(rows, groups),
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                # Where the file is: a formatter with no configuration of its own there
                # falls back on the working directory's.
                cwd=str(directory) if directory.is_dir() else None,
            )
        except subprocess.TimeoutExpired:
            return f"{name} did not finish within {TIMEOUT:g} seconds"
        except (OSError, subprocess.SubprocessError) as error:
            return f"cannot run {name}: {error}"
        errors = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or _ERROR_LINE.search(errors):
            return errors[:1000] or f"{name} exited with status {done.returncode}"
        try:
            output = done.stdout.decode("utf-8")
        except UnicodeDecodeError:
            return f"{name} wrote text that is not UTF-8"
        if not output.strip():
            return f"{name} wrote nothing"
        return split_lines(output)


def _clean(run: _Runner, old: str, ranges: Sequence[_Rows | None]) -> list[bool | str]:
    """For each range of ``old``, does the formatter leave it as it is? None is a statement
    the fix added: there was no layout of the user's to keep. A str says why we cannot tell.
    """
    reading = _read(old) if any(ranges) else None
    whole: dict[_Rows, _Rows] = {}  # each range, grown to the statements it touches
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
                else verdict == _trimmed(old_rows[group[0] : group[1] + 1])
            )
    return found


def _aligned(
    before: Sequence[str], after: Sequence[str], groups: Sequence[_Rows]
) -> tuple[tuple[str, ...], ...] | None:
    """The rows of ``after`` that replace each group of ``before``'s rows; None if ``after``
    differs from ``before`` outside them.

    Groups are sorted and do not touch. Blank lines the formatter adds at a group's edges
    are left out: a statement starts and ends with code, and the blank lines around it are
    not ours to change (Black's ``--line-ranges`` adds one before a method that follows its
    ``class`` line, which Black on the whole file does not).
    """
    found: list[tuple[str, ...]] = []
    if len(groups) == 1:  # anchored at both ends: exact, whatever the rows hold
        first, last = groups[0]
        tail = len(before) - last - 1
        if (
            len(after) < first + tail
            or list(after[:first]) != list(before[:first])
            or list(after[len(after) - tail :]) != list(before[last + 1 :])
        ):
            return None
        found.append(_trimmed(after[first : len(after) - tail]))
    else:
        growth = [0] * len(groups)
        for i1, i2, j1, j2 in changed_blocks(before, after):
            inside = (k for k, (s, e) in enumerate(groups) if s <= i1 and i2 <= e + 1)
            index = next(inside, None)
            if index is None:
                return None
            growth[index] += (j2 - j1) - (i2 - i1)
        shift = 0
        for (first, last), grown in zip(groups, growth):
            start = first + shift
            found.append(_trimmed(after[start : start + last - first + 1 + grown]))
            shift += grown
    return tuple(found) if all(found) else None  # a statement does not vanish


def _trimmed(rows: Sequence[str]) -> tuple[str, ...]:
    start, end = 0, len(rows)
    while start < end and not rows[start].strip():
        start += 1
    while end > start and not rows[end - 1].strip():
        end -= 1
    return tuple(rows[start:end])


# ----- statements -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """A text's statements, as rows: each simple statement or compound statement header
    (a logical line), by each of its rows; and the rows where formatting is off."""

    statement_of: dict[int, _Rows]
    formatting_off: set[int]


def _read(text: str) -> _Reading | None:
    """The text's statements; None if ``tokenize`` cannot read it.

    ``tokenize`` takes a lone ``\\r`` for an error, not a line ending; as a ``\\n`` it keeps
    every row where it was.
    """
    readline = io.StringIO(_LONE_CR.sub("\n", text), newline="").readline
    statements: list[_Rows] = []
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


def _statements_over(reading: _Reading, rows: _Rows) -> _Rows:
    """``rows``, grown to the whole statements they touch."""
    touched = (reading.statement_of.get(row) for row in range(rows[0], rows[1] + 1))
    found = [statement for statement in touched if statement is not None]
    if not found:
        return rows
    return min(rows[0], found[0][0]), max(rows[1], found[-1][1])


def _old_rows(unit: _Rows, old_of: Sequence[_Rows | None]) -> _Rows | None:
    """The rows of the text before the fix that the statement at ``unit`` stands for."""
    found = [old_of[row] for row in range(unit[0], unit[1] + 1)]
    rows = [r for r in found if r is not None]
    if not rows:
        return None
    return min(r[0] for r in rows), max(r[1] for r in rows)


def _merged(ranges: Iterable[_Rows]) -> list[_Rows]:
    """The ranges, sorted, with those that overlap or touch made one."""
    merged: list[_Rows] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


# ----- the result -----------------------------------------------------------------------


def _unparsable(
    new: str, rows: Sequence[str], replacements: dict[_Rows, tuple[str, ...]]
) -> list[_Rows]:
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


def _joined(rows: Sequence[str], replacements: dict[_Rows, tuple[str, ...]]) -> str:
    return "".join(_pieces(rows, replacements)[0])


def _pieces(
    rows: Sequence[str], replacements: dict[_Rows, tuple[str, ...]]
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
    replacements: dict[_Rows, tuple[str, ...]],
    left: dict[_Rows, tuple[Reason, str]],
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


def _left(rows: _Rows, reason: Reason, message: str = "") -> Left:
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
