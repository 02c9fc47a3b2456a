"""Which formatter lays out a project's code, and running it over ranges of a file's lines.

``formatting.py`` decides which statements a fix made too long and whether they were as the
formatter lays them out; this finds the formatter the project uses (ruff or Black, installed
and new enough for range formatting), runs it with ``--range`` or ``--line-ranges`` on the
text given on stdin, and reads back the lines it wrote for each range, or says why there
are none.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolcfg.configfiles import ConfigFiles
from toolcfg.filesettings import DEFAULT_LINE_LENGTH
from toolcfg.textedits import Rows, changed_blocks, split_lines

#: The first versions with range formatting: ruff's ``format --range``, Black's
#: ``--line-ranges``.
MINIMUM_VERSIONS: dict[str, tuple[int, ...]] = {"ruff": (0, 2, 1), "black": (23, 11)}
#: Seconds one formatter run may take; after that its statements are left as written.
TIMEOUT = 30.0

_ERROR_LINE = re.compile(r"^\s*error\b", re.IGNORECASE | re.MULTILINE)
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


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


# ----- finding one ---------------------------------------------------------------------


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


# ----- running it ----------------------------------------------------------------------


class FormatterRun:
    """Runs one formatter over ranges of a file's text, and reads what it lays out."""

    def __init__(self, formatter: Formatter, path: Path, line_length: int | None) -> None:
        self.formatter, self.path, self.line_length = formatter, path, line_length
        #: False once a run over several groups changed lines between them: the text
        #: before the fix and the fixed one share those lines, so it would again.
        self.batches = True

    def lay_out(self, text: str, groups: Sequence[Rows]) -> list[tuple[str, ...] | str]:
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

    def command(self, rows: Sequence[str], groups: Sequence[Rows]) -> list[str]:
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

    def _run(self, text: str, rows: Sequence[str], groups: Sequence[Rows]) -> list[str] | str:
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


def _aligned(
    before: Sequence[str], after: Sequence[str], groups: Sequence[Rows]
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
        found.append(trimmed(after[first : len(after) - tail]))
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
            found.append(trimmed(after[start : start + last - first + 1 + grown]))
            shift += grown
    return tuple(found) if all(found) else None  # a statement does not vanish


def trimmed(rows: Sequence[str]) -> tuple[str, ...]:
    start, end = 0, len(rows)
    while start < end and not rows[start].strip():
        start += 1
    while end > start and not rows[end - 1].strip():
        end -= 1
    return tuple(rows[start:end])
