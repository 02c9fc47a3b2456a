"""The formats a person reads: ruff's ``concise``, ``full`` and ``grouped``, the summary,
``--statistics``, ``--show-fixes``, and the ``error:`` and ``warning:`` lines on stderr.

A finding whose fix ``--fix`` will apply is marked ``[*]``, as ruff marks it; one whose
fix needs ``--unsafe-fixes`` says so. A file that failed is printed where a finding would
be, as ruff prints ``invalid-syntax``, and "All checks passed!" is never said of a run
where one failed.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence

from toolcfg.linter.findings import Position
from toolcfg.report.diagnostics import Diagnostic, Style, by_path, diagnostics, plain
from toolcfg.results import FileResult, Mode, applicable
from toolcfg.rules import RULES
from toolcfg.textedits import TextEdit, edit_hunks, split_lines


def concise(
    results: Sequence[FileResult],
    unsafe_fixes: bool,
    style: Style = plain,
    failures: bool = True,
) -> Iterator[str]:
    """``path:line:col: CODE [*] message`` for every finding, by path and position, and
    ``path:line:col: parse-error: message`` for every file that failed (unless not
    ``failures``: when the report shares stderr with the ``error:`` lines)."""
    for item in diagnostics(results, unsafe_fixes):
        if failures or not item.failure:
            yield f"{style(f'{item.location}:', bold=True)} {_body(item, style)}"


def full(
    results: Sequence[FileResult],
    unsafe_fixes: bool,
    style: Style = plain,
    failures: bool = True,
) -> Iterator[str]:
    """The concise line, the source line with a caret, and the fix as a diff."""
    sources = {result.path: result.source or "" for result in results}
    split: Dict[Path, List[str]] = {}  # each file split once for all its findings
    for item in diagnostics(results, unsafe_fixes):
        if failures or not item.failure:
            yield f"{style(f'{item.location}:', bold=True)} {_body(item, style)}"
            if item.path is not None and item.path not in split:
                split[item.path] = split_lines(sources.get(item.path) or "", keepends=True)
            yield from _block(item, split.get(item.path, []) if item.path else [], style)


def grouped(
    results: Sequence[FileResult], unsafe_fixes: bool, style: Style = plain
) -> Iterator[str]:
    """ruff's ``grouped``: each file's name, then its diagnostics as ``line:col CODE
    message``, positions aligned, and a blank line."""
    items = [item for item in diagnostics(results, unsafe_fixes) if item.path is not None]
    for path, group in groupby(items, key=lambda item: item.path):
        found = list(group)
        places = [_in_file(item) for item in found]
        width = max(map(len, places))
        yield style(f"{path}:", bold=True)
        for item, where in zip(found, places):
            yield f"  {where:<{width}} {_body(item, style)}"
        yield ""


def _in_file(item: Diagnostic) -> str:
    """``line:col``, or ``cell N:line:col`` in a notebook."""
    start, cell = item.shown(item.start), item.cell
    return f"{'' if cell is None else f'cell {cell}:'}{start.line}:{start.column}"


def pylint(results: Sequence[FileResult], unsafe_fixes: bool) -> Iterator[str]:
    """``path:line: [CODE] message``, as pylint's parseable format (and ruff's)."""
    for item in diagnostics(results, unsafe_fixes):
        if item.path is not None:
            yield f"{item.path}:{item.shown(item.start).line}: [{item.code}] {item.message}"


def _body(item: Diagnostic, style: Style) -> str:
    """``CODE [*] message``, or ``parse-error: message`` for a file that failed."""
    if item.failure:
        return f"{style(f'{item.code}:', fg='red', bold=True)} {item.message}"
    mark = " [*]" if item.applicable else ""
    note = " (unsafe fix available)" if item.has_fix and not item.applicable else ""
    return f"{style(item.code, fg='red', bold=True)}{mark} {item.message}{note}"


def _block(item: Diagnostic, lines: Sequence[str], style: Style) -> Iterator[str]:
    """The line of code a diagnostic points at, with a caret, and a finding's fix.
    ``lines``: the text checked, with line endings (in a notebook, its cells' module)."""
    number = item.start.line
    if item.failure:
        if item.source_line is not None:
            yield from _quote(item.source_line, item.shown(item.start), 1, item.code, style)
        yield ""
        return
    if not lines:
        return
    line = lines[number - 1].rstrip("\r\n")
    width = (
        item.end.column - item.start.column
        if item.end.line == number
        else len(line) - item.start.column + 1
    )
    yield from _quote(line, item.shown(item.start), width, item.code, style)
    gutter = " " * len(str(number))
    own = [edit.edit for edit in item.edits or () if edit.path == item.path]
    if item.edits:
        yield f"{gutter} = {'Fix' if item.safe else 'Unsafe fix'}:"
        yield from (f"{gutter}   {each}" for each in _fix_diff(lines, own))
        for other in sorted({str(edit.path) for edit in item.edits if edit.path != item.path}):
            yield f"{gutter}   (and a helper in {other})"
    yield ""


def _quote(line: str, start: Position, width: int, code: str, style: Style) -> Iterator[str]:
    """The line of code at ``start``, with a caret under ``width`` characters from it."""
    gutter = " " * len(str(start.line))
    yield f"{gutter} |"
    yield f"{start.line} | {line}"
    caret = " " * (start.column - 1) + "^" * max(width, 1)
    yield f"{gutter} | {style(caret, fg='red', bold=True)} {code}"
    yield f"{gutter} |"


def _fix_diff(lines: Sequence[str], edits: Sequence[TextEdit]) -> List[str]:
    """The hunks of a fix, with a line of context: worked out around its edits, not over
    the whole file, which would cost a big file's many findings its size each."""
    return edit_hunks(lines, edits, context=1)


def error_lines(results: Sequence[FileResult], details_only: bool = False) -> Iterator[str]:
    """The ``error:`` lines on stderr, for a person: each failure, with a bug's traceback.
    ``details_only``: the report shows every failure already, so only those that carry
    more than a report holds (a traceback)."""
    for result in by_path(results):
        failure = result.failure
        if failure is not None and (failure.detail or not details_only):
            yield f"error: {result.path}: {failure.text}"


def warning_lines(results: Sequence[FileResult]) -> Iterator[str]:
    """Files that may hide findings elsewhere, and, after ``--fix``, the statements a fix
    made too long that no formatter laid out."""
    for result in by_path(results):
        for item in (*result.warnings, *result.unformatted):
            yield f"warning: {result.path}: {item}"


def summary(results: Sequence[FileResult], mode: Mode, unsafe_fixes: bool = False) -> str:
    """The last line: what was found (and fixed), then the files that failed; "All checks
    passed!" only when there is nothing to say of either."""
    failed = _failed(results)
    findings = [finding for result in results for finding in result.findings]
    fixed = sum(len(result.fixed) for result in results)
    fixable = sum(applicable(finding, unsafe_fixes) for finding in findings)
    hidden = sum(finding.fix is not None for finding in findings) - fixable
    more = f", {hidden} more with --unsafe-fixes" if hidden else ""
    if mode is Mode.DIFF:
        would = f"Would fix {_problems(fixed)}." if fixed else "No fixes available."
        found = f"{would} {_problems(len(findings))} would remain." if findings else would
    elif not (findings or fixed):
        found = "" if failed else "All checks passed!"
    elif mode is Mode.FIX:
        total = fixed + len(findings)
        found = f"Found {_problems(total)} ({fixed} fixed, {len(findings)} remaining{more})."
    else:
        found = f"Found {_problems(len(findings))} ({fixable} fixable with --fix{more})."
    return " ".join(part for part in (found, failed) if part)


def _failed(results: Sequence[FileResult]) -> str:
    """What failed, as in "1 file could not be checked; 1 file could not be written.", or
    nothing."""
    counts = Counter(r.failure.kind.undone for r in results if r.failure is not None)
    parts = [
        f"{counts[undone]} file{'s' if counts[undone] != 1 else ''} could not be {undone}"
        for undone in ("checked", "fixed", "written")
        if counts[undone]
    ]
    return f"{'; '.join(parts)}." if parts else ""


def _statistics(results: Sequence[FileResult], unsafe_fixes: bool) -> List[Dict[str, Any]]:
    """A row per code, most frequent first, as ruff's ``--statistics`` counts: a failure's
    code is its name, with no rule code."""
    counts: Counter = Counter()
    fixable: Counter = Counter()
    failures = set()
    for item in diagnostics(results, unsafe_fixes):
        counts[item.code] += 1
        fixable[item.code] += item.applicable
        if item.failure:
            failures.add(item.code)
    rows = sorted(counts.items(), key=lambda row: (-row[1], row[0]))
    return [
        {
            "code": None if code in failures else code,
            "name": code if code in failures else RULES[code].name,
            "count": count,
            "fixable": fixable[code] > 0,
            "fixable_count": fixable[code],
        }
        for code, count in rows
    ]


def statistics(results: Sequence[FileResult], unsafe_fixes: bool) -> Iterator[str]:
    """A count per code, like ``ruff --statistics``; failures are counted by name with the
    code column empty, as ruff counts ``invalid-syntax``."""
    rows = _statistics(results, unsafe_fixes)
    width = max((len(row["code"]) for row in rows if row["code"]), default=0)
    for row in rows:
        if row["code"] is None:
            yield f"{row['count']:>5}\t{'':<{width}}\t    {row['name']}"
        else:
            mark = "[*]" if row["fixable"] else "   "
            yield f"{row['count']:>5}\t{row['code']}\t{mark} {row['name']}"


def statistics_json(results: Sequence[FileResult], unsafe_fixes: bool) -> str:
    """``--statistics --output-format json``: ruff's list of ``code``, ``name``,
    ``count``, ``fixable`` and ``fixable_count``."""
    return json.dumps(_statistics(results, unsafe_fixes), indent=2, ensure_ascii=False)


def fixed_lines(results: Sequence[FileResult]) -> Iterator[str]:
    """For ``--show-fixes``: what ``--fix`` fixed, per file and code, and every other file
    it wrote: a helper that a fix in another file changed."""
    written = [result for result in by_path(results) if result.fixed or result.fixed_source]
    if not written:
        return
    yield f"Fixed {_problems(sum(len(result.fixed) for result in written))}:"
    for result in written:
        yield f"- {result.path}:"
        for code, count in sorted(Counter(result.fixed).items()):
            yield f"    {count} × {code} ({RULES[code].name})"
        if not result.fixed:
            yield "    changed by a fix in another file (a helper it calls)"


def _problems(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''}"
