"""How results are printed: ruff's concise and full formats, JSON, GitHub and SARIF."""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from toolcfg import __version__
from toolcfg.linter.findings import Finding, Position
from toolcfg.results import FileResult, Mode, applicable
from toolcfg.rules import RULES
from toolcfg.textedits import TextEdit, edit_hunks, split_lines

Style = Callable[..., str]


def plain(text: str, **_: Any) -> str:
    return text


def _by_path(results: Sequence[FileResult]) -> List[FileResult]:
    return sorted(results, key=lambda result: str(result.path))


def _findings(results: Sequence[FileResult]) -> Iterator[Tuple[FileResult, int, Finding]]:
    for result in _by_path(results):
        for index, finding in enumerate(result.findings):
            yield result, index, finding


# -- text formats -------------------------------------------------------------------------


def concise(
    results: Sequence[FileResult], unsafe_fixes: bool, style: Style = plain
) -> Iterator[str]:
    """``path:line:col: CODE message`` for every finding, by path and position."""
    for result, _, finding in _findings(results):
        yield _headline(result, finding, unsafe_fixes, style)


def full(results: Sequence[FileResult], unsafe_fixes: bool, style: Style = plain) -> Iterator[str]:
    """The concise line, the source line with a caret, and the fix as a diff."""
    shown: Optional[FileResult] = None
    lines: List[str] = []  # the lines of the file shown, split once for all its findings
    for result, index, finding in _findings(results):
        yield _headline(result, finding, unsafe_fixes, style)
        if result is not shown:
            shown, lines = result, split_lines(result.source or "", keepends=True)
        if not lines:
            continue
        number = finding.start.line
        gutter = " " * len(str(number))
        shown_line = lines[number - 1].rstrip("\r\n")
        width = (
            finding.end.column - finding.start.column
            if finding.end.line == number
            else len(shown_line) - finding.start.column + 1
        )
        yield f"{gutter} |"
        yield f"{number} | {shown_line}"
        caret = " " * (finding.start.column - 1) + "^" * max(width, 1)
        yield f"{gutter} | {style(caret, fg='red', bold=True)} {finding.code}"
        yield f"{gutter} |"
        edits = result.edits[index] if index < len(result.edits) else None
        own = [item.edit for item in edits or () if item.path == result.path]
        if edits:
            safety = "Fix" if finding.fix is not None and finding.fix.safe else "Unsafe fix"
            yield f"{gutter} = {safety}:"
            yield from (f"{gutter}   {line}" for line in _fix_diff(lines, own))
            for other in sorted({str(item.path) for item in edits if item.path != result.path}):
                yield f"{gutter}   (and a helper in {other})"
        yield ""


def _headline(result: FileResult, finding: Finding, unsafe_fixes: bool, style: Style) -> str:
    start = finding.start
    hidden = finding.fix is not None and not applicable(finding, unsafe_fixes)
    note = " (unsafe fix available)" if hidden else ""
    location = style(f"{result.path}:{start.line}:{start.column}:", bold=True)
    return f"{location} {style(finding.code, fg='red', bold=True)} {finding.message}{note}"


def _fix_diff(lines: Sequence[str], edits: Sequence[TextEdit]) -> List[str]:
    """The hunks of a fix, with a line of context: worked out around its edits, not over
    the whole file, which would cost a big file's many findings its size each."""
    return edit_hunks(lines, edits, context=1)


def error_lines(results: Sequence[FileResult]) -> Iterator[str]:
    for result in _by_path(results):
        if result.error:
            yield f"error: {result.path}: {result.error}"


def unformatted_lines(results: Sequence[FileResult]) -> Iterator[str]:
    """After ``--fix``: the statements a fix made too long that no formatter laid out."""
    for result in _by_path(results):
        for item in result.unformatted:
            yield f"warning: {result.path}: {item}"


def summary(results: Sequence[FileResult], mode: Mode, unsafe_fixes: bool = False) -> str:
    findings = [finding for result in results for finding in result.findings]
    fixed = sum(len(result.fixed) for result in results)
    fixable = sum(applicable(finding, unsafe_fixes) for finding in findings)
    hidden = sum(finding.fix is not None for finding in findings) - fixable
    more = f", {hidden} more with --unsafe-fixes" if hidden else ""
    if mode is Mode.DIFF:
        would = f"Would fix {_problems(fixed)}." if fixed else "No fixes available."
        return f"{would} {_problems(len(findings))} would remain." if findings else would
    if not (findings or fixed):
        return "All checks passed!"
    if mode is Mode.FIX:
        total = fixed + len(findings)
        return f"Found {_problems(total)} ({fixed} fixed, {len(findings)} remaining{more})."
    return f"Found {_problems(len(findings))} ({fixable} fixable with --fix{more})."


def statistics(results: Sequence[FileResult], unsafe_fixes: bool) -> Iterator[str]:
    """A count per code, most frequent first, like ``ruff --statistics``."""
    counts = Counter(finding.code for result in results for finding in result.findings)
    fixable = {
        finding.code
        for result in results
        for finding in result.findings
        if applicable(finding, unsafe_fixes)
    }
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
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


def json_report(results: Sequence[FileResult]) -> str:
    """A list of findings; ``fix`` holds text edits that reproduce ``--fix``, or null."""
    items = []
    for result, index, finding in _findings(results):
        edits = result.edits[index] if index < len(result.edits) else None
        fix = None
        if finding.fix is not None and edits is not None:
            fix = {
                "applicability": "safe" if finding.fix.safe else "unsafe",
                "edits": [
                    {
                        "content": item.edit.content,
                        "location": _location(item.edit.start),
                        "end_location": _location(item.edit.end),
                        # Another file than the finding's: a helper the fix changes too.
                        **({"filename": str(item.path)} if item.path != result.path else {}),
                    }
                    for item in edits
                ],
            }
        items.append(
            {
                "code": finding.code,
                "message": finding.message,
                "filename": str(result.path),
                "location": _location(finding.start),
                "end_location": _location(finding.end),
                "fix": fix,
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False)


def github(results: Sequence[FileResult]) -> Iterator[str]:
    """GitHub Actions workflow annotations."""
    for result, _, finding in _findings(results):
        yield (
            f"::error file={_escape(str(result.path), True)},line={finding.start.line},"
            f"col={finding.start.column},endLine={finding.end.line},"
            f"endColumn={finding.end.column},title={finding.code}::"
            f"{_escape(finding.message, False)}"
        )


def _escape(text: str, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def sarif(results: Sequence[FileResult], errors: Sequence[str] = ()) -> str:
    """SARIF 2.1.0, with the rules, the results, their fixes, and as notifications the
    files that could not be checked and ``errors`` that stopped the run."""
    used = sorted({finding.code for result in results for finding in result.findings})
    rules = [_sarif_rule(code) for code in used]
    index = {code: i for i, code in enumerate(used)}
    sarif_results = []
    for result, position, finding in _findings(results):
        edits = result.edits[position] if position < len(result.edits) else None
        item: Dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": "error",
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(result.path)},
                        "region": _region(finding.start, finding.end),
                    }
                }
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
        sarif_results.append(item)
    notifications = [
        {"level": "error", "message": {"text": text}}
        for text in [
            *errors,
            *(f"{result.path}: {result.error}" for result in _by_path(results) if result.error),
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
    errors: Sequence[str] = (),
) -> Optional[str]:
    """The findings in a machine format, or None for the text formats. ``errors``: what
    stopped the run, for the formats that can say so."""
    if output_format == "json":
        return json_report(results)
    if output_format == "sarif":
        return sarif(results, errors)
    if output_format == "github":
        return "\n".join(github(results))
    return None
