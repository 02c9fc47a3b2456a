"""How results are printed: ruff's concise and full formats, JSON, GitHub and SARIF.

A file that could not be read, parsed, fixed or written is reported in every format as a
diagnostic of its own, named by its kind (``parse-error``), as ruff reports
``invalid-syntax``; and "All checks passed!" is never said of a run where one failed.
"""

from __future__ import annotations

import difflib
import json
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from toolcfg import __version__
from toolcfg.linter.findings import Finding, Position
from toolcfg.results import Failure, FailureKind, FileResult, Mode, applicable
from toolcfg.rules import RULES
from toolcfg.textedits import TextEdit, apply_edits, split_lines

Style = Callable[..., str]


def plain(text: str, **_: Any) -> str:
    return text


def _by_path(results: Sequence[FileResult]) -> List[FileResult]:
    return sorted(results, key=lambda result: str(result.path))


# -- text formats -------------------------------------------------------------------------


def concise(
    results: Sequence[FileResult],
    unsafe_fixes: bool,
    style: Style = plain,
    failures: bool = True,
) -> Iterator[str]:
    """``path:line:col: CODE message`` for every finding, by path and position, and
    ``path:line:col: parse-error: message`` for every file that failed (unless not
    ``failures``: when the report shares stderr with the ``error:`` lines)."""
    for result in _by_path(results):
        if result.failure is not None and failures:
            yield _failure_headline(result.path, result.failure, style)
        for finding in result.findings:
            yield _headline(result, finding, unsafe_fixes, style)


def full(
    results: Sequence[FileResult],
    unsafe_fixes: bool,
    style: Style = plain,
    failures: bool = True,
) -> Iterator[str]:
    """The concise line, the source line with a caret, and the fix as a diff."""
    for result in _by_path(results):
        if result.failure is not None and failures:
            yield from _failure_block(result.path, result.failure, style)
        for index, finding in enumerate(result.findings):
            yield from _finding_block(result, index, finding, unsafe_fixes, style)


def _finding_block(
    result: FileResult, index: int, finding: Finding, unsafe_fixes: bool, style: Style
) -> Iterator[str]:
    yield _headline(result, finding, unsafe_fixes, style)
    lines = split_lines(result.source or "")
    if not lines:
        return
    number = finding.start.line
    width = (
        finding.end.column - finding.start.column
        if finding.end.line == number
        else len(lines[number - 1]) - finding.start.column + 1
    )
    shown = _where(result, finding.start)[1]  # in a notebook, the line in its cell
    yield from _quote(lines[number - 1], shown, width, finding.code, style)
    gutter = " " * len(str(number))
    edits = result.edits[index] if index < len(result.edits) else None
    own = [item.edit for item in edits or () if item.path == result.path]
    if edits:
        safety = "Fix" if finding.fix is not None and finding.fix.safe else "Unsafe fix"
        yield f"{gutter} = {safety}:"
        yield from (f"{gutter}   {line}" for line in _fix_diff(result.source or "", own))
        for other in sorted({str(item.path) for item in edits if item.path != result.path}):
            yield f"{gutter}   (and a helper in {other})"
    yield ""


def _failure_block(path: Path, failure: Failure, style: Style) -> Iterator[str]:
    """A failure's line, and the line of code it points at when it has one."""
    yield _failure_headline(path, failure, style)
    if failure.line is not None and failure.source_line is not None:
        yield from _quote(failure.source_line, failure.start, 1, failure.code, style)
    yield ""


def _quote(line: str, start: Position, width: int, code: str, style: Style) -> Iterator[str]:
    """The line of code at ``start``, with a caret under ``width`` characters from it."""
    gutter = " " * len(str(start.line))
    yield f"{gutter} |"
    yield f"{start.line} | {line}"
    caret = " " * (start.column - 1) + "^" * max(width, 1)
    yield f"{gutter} | {style(caret, fg='red', bold=True)} {code}"
    yield f"{gutter} |"


def _where(result: FileResult, position: Position) -> Tuple[Optional[int], Position]:
    """A position as a person finds it: in a notebook, its cell and the line in the cell
    (findings are found in the cells' module)."""
    if result.notebook is None:
        return None, position
    return result.notebook.position(position)


def _place(result: FileResult, position: Position) -> str:
    """``path:line:col``, or ``path:cell N:line:col`` in a notebook, as ruff writes it."""
    cell, where = _where(result, position)
    inside = f"cell {cell}:" if cell is not None else ""
    return f"{result.path}:{inside}{where.line}:{where.column}"


def _headline(result: FileResult, finding: Finding, unsafe_fixes: bool, style: Style) -> str:
    hidden = finding.fix is not None and not applicable(finding, unsafe_fixes)
    note = " (unsafe fix available)" if hidden else ""
    location = style(f"{_place(result, finding.start)}:", bold=True)
    return f"{location} {style(finding.code, fg='red', bold=True)} {finding.message}{note}"


def _failure_headline(path: Path, failure: Failure, style: Style) -> str:
    """``path:line:col: parse-error: message``, the shape of ruff's ``invalid-syntax``."""
    location = style(f"{path}:{failure.start.line}:{failure.start.column}:", bold=True)
    return f"{location} {style(f'{failure.code}:', fg='red', bold=True)} {failure.message}"


def _fix_diff(source: str, edits: Sequence[TextEdit]) -> List[str]:
    fixed = apply_edits(source, edits)
    diff = difflib.unified_diff(split_lines(source), split_lines(fixed), n=1, lineterm="")
    return [line for line in diff if not line.startswith(("---", "+++"))]


def error_lines(results: Sequence[FileResult], details_only: bool = False) -> Iterator[str]:
    """The ``error:`` lines on stderr, for a person: each failure, with a bug's traceback.
    ``details_only``: the report shows every failure already, so only those that carry
    more than a report holds (a traceback)."""
    for result in _by_path(results):
        failure = result.failure
        if failure is not None and (failure.detail or not details_only):
            yield f"error: {result.path}: {failure.text}"


def warning_lines(results: Sequence[FileResult]) -> Iterator[str]:
    """Files that may hide findings elsewhere, and, after ``--fix``, the statements a fix
    made too long that no formatter laid out."""
    for result in _by_path(results):
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


def statistics(results: Sequence[FileResult], unsafe_fixes: bool) -> Iterator[str]:
    """A count per code, most frequent first, like ``ruff --statistics``; failures are
    counted by name with the code column empty, as ruff counts ``invalid-syntax``."""
    counts = Counter(finding.code for result in results for finding in result.findings)
    failures = Counter(r.failure.code for r in results if r.failure is not None)
    fixable = {
        finding.code
        for result in results
        for finding in result.findings
        if applicable(finding, unsafe_fixes)
    }
    width = max(map(len, counts), default=0)
    rows = sorted([*counts.items(), *failures.items()], key=lambda item: (-item[1], item[0]))
    for code, count in rows:
        if code in failures:
            yield f"{count:>5}\t{'':<{width}}\t    {code}"
        else:
            mark = "[*]" if code in fixable else "   "
            yield f"{count:>5}\t{code}\t{mark} {RULES[code].name}"


def fixed_lines(results: Sequence[FileResult]) -> Iterator[str]:
    """For ``--show-fixes``: what ``--fix`` fixed, per file and code."""
    fixed = [result for result in _by_path(results) if result.fixed]
    if not fixed:
        return
    yield f"Fixed {_problems(sum(len(result.fixed) for result in fixed))}:"
    for result in fixed:
        yield f"- {result.path}:"
        for code, count in sorted(Counter(result.fixed).items()):
            yield f"    {count} × {code} ({RULES[code].name})"


def _problems(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''}"


# -- machine formats ----------------------------------------------------------------------


def _location(position: Position) -> Dict[str, int]:
    return {"row": position.line, "column": position.column}


def json_report(results: Sequence[FileResult], errors: Sequence[Failure] = ()) -> str:
    """A list of findings; ``fix`` holds text edits that reproduce ``--fix``, or null. A
    failure is an item of its own, with its name as ``code``; one that stopped the run
    (``errors``) has no file, so its ``filename`` is null."""
    items: List[Dict[str, Any]] = [_json_failure(None, failure) for failure in errors]
    for result in _by_path(results):
        if result.failure is not None:
            items.append(_json_failure(result.path, result.failure))
        items.extend(_json_finding(result, index) for index in range(len(result.findings)))
    return json.dumps(items, indent=2, ensure_ascii=False)


def _json_failure(path: Optional[Path], failure: Failure) -> Dict[str, Any]:
    return {
        "code": failure.code,
        "message": failure.message,
        "filename": str(path) if path is not None else None,
        "location": _location(failure.start),
        "end_location": _location(failure.start),
        "fix": None,
    }


def _json_finding(result: FileResult, index: int) -> Dict[str, Any]:
    finding = result.findings[index]
    edits = result.edits[index] if index < len(result.edits) else None
    fix = None
    if finding.fix is not None and edits is not None:
        fix = {
            "applicability": "safe" if finding.fix.safe else "unsafe",
            "edits": [
                {
                    "content": item.edit.content,
                    "location": _location(_where(result, item.edit.start)[1]),
                    "end_location": _location(_where(result, item.edit.end)[1]),
                    # Another file than the finding's: a helper the fix changes too.
                    **({"filename": str(item.path)} if item.path != result.path else {}),
                }
                for item in edits
            ],
        }
    cell, start = _where(result, finding.start)
    return {
        "code": finding.code,
        "message": finding.message,
        "filename": str(result.path),
        "cell": cell,
        "location": _location(start),
        "end_location": _location(_where(result, finding.end)[1]),
        "fix": fix,
    }


def github(results: Sequence[FileResult], errors: Sequence[Failure] = ()) -> Iterator[str]:
    """GitHub Actions workflow annotations; a failure that stopped the run has no file."""
    for failure in errors:
        yield f"::error title={failure.code}::{_escape(failure.message, False)}"
    for result in _by_path(results):
        if result.failure is not None:
            start = result.failure.start
            yield _annotation(
                result.path, start, start, result.failure.code, result.failure.message
            )
        for finding in result.findings:
            start, end = _where(result, finding.start)[1], _where(result, finding.end)[1]
            yield _annotation(result.path, start, end, finding.code, finding.message)


def _annotation(path: Path, start: Position, end: Position, code: str, message: str) -> str:
    return (
        f"::error file={_escape(str(path), True)},line={start.line},col={start.column},"
        f"endLine={end.line},endColumn={end.column},title={code}::{_escape(message, False)}"
    )


def _escape(text: str, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def sarif(results: Sequence[FileResult], errors: Sequence[Failure] = ()) -> str:
    """SARIF 2.1.0, with the rules, the results and their fixes. A file that failed is a
    result under its failure's name, and, with ``errors`` that stopped the run, a
    notification of a run that was not successful."""
    failed = [(r.path, r.failure) for r in _by_path(results) if r.failure is not None]
    used = sorted({finding.code for result in results for finding in result.findings})
    kinds = {failure.kind for failure in [*errors, *(failure for _, failure in failed)]}
    kinds_used = sorted(kinds, key=lambda kind: kind.code)
    rules = [*map(_sarif_rule, used), *map(_sarif_failure_rule, kinds_used)]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    sarif_results = [_sarif_failure(None, failure, index) for failure in errors]
    for result in _by_path(results):
        if result.failure is not None:
            sarif_results.append(_sarif_failure(result.path, result.failure, index))
        for position, finding in enumerate(result.findings):
            sarif_results.append(_sarif_finding(result, position, finding, index))
    notifications = [
        {"level": "error", "message": {"text": text}}
        for text in [
            *(failure.text for failure in errors),
            *(f"{path}: {failure.text}" for path, failure in failed),
        ]
    ]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "toolcfg",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/toolcfg/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _sarif_finding(
    result: FileResult, position: int, finding: Finding, index: Dict[str, int]
) -> Dict[str, Any]:
    edits = result.edits[position] if position < len(result.edits) else None
    item: Dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": "error",
        "message": {"text": finding.message},
        "locations": [
            _sarif_location(
                result.path, _where(result, finding.start)[1], _where(result, finding.end)[1]
            )
        ],
    }
    if finding.fix is not None and edits is not None:
        item["fixes"] = [
            {
                "description": {"text": "safe fix" if finding.fix.safe else "unsafe fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(each.edit.start, each.edit.end),
                                "insertedContent": {"text": each.edit.content},
                            }
                            for each in edits
                            if each.path == path
                        ],
                    }
                    for path in dict.fromkeys(each.path for each in edits)
                ],
            }
        ]
    return item


def _sarif_failure(path: Optional[Path], failure: Failure, index: Dict[str, int]) -> Dict[str, Any]:
    """A failure as a result, at its place in its file; one that stopped the run has none."""
    item: Dict[str, Any] = {
        "ruleId": failure.code,
        "ruleIndex": index[failure.code],
        "level": "error",
        "message": {"text": failure.message},
    }
    if path is not None:
        item["locations"] = [_sarif_location(path, failure.start, failure.start)]
    return item


def _sarif_location(path: Path, start: Position, end: Position) -> Dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(path)},
            "region": _region(start, end),
        }
    }


def _sarif_failure_rule(kind: FailureKind) -> Dict[str, Any]:
    return {
        "id": kind.code,
        "name": kind.code,
        "shortDescription": {"text": kind.summary},
        "defaultConfiguration": {"level": "error"},
    }


def _sarif_rule(code: str) -> Dict[str, Any]:
    rule = RULES[code]
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "defaultConfiguration": {"level": "error"},
    }


def _region(start: Position, end: Position) -> Dict[str, int]:
    return {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }


def _uri(path: Path) -> str:
    """A relative URI reference: the path, percent-encoded (spaces and all)."""
    return urllib.parse.quote(Path(path).as_posix())


def render(
    results: Sequence[FileResult],
    output_format: str,
    unsafe_fixes: bool,
    style: Style,
    errors: Sequence[Failure] = (),
) -> Optional[str]:
    """The findings and failures in a machine format, or None for the text formats.
    ``errors``: what stopped the run (invalid settings), for the formats that can say so."""
    if output_format == "json":
        return json_report(results, errors)
    if output_format == "sarif":
        return sarif(results, errors)
    if output_format == "github":
        return "\n".join(github(results, errors))
    return None
