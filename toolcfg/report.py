"""How results are printed: ruff's concise format and summary lines."""

from __future__ import annotations

from typing import Iterator, Sequence

from toolcfg.runner import FileResult, Mode, applicable


def finding_lines(results: Sequence[FileResult], unsafe_fixes: bool = False) -> Iterator[str]:
    """``path:line:col: CODE message`` for every finding, by path and position."""
    for result in sorted(results, key=lambda result: str(result.path)):
        for finding in result.findings:
            start = finding.start
            hidden = finding.fix is not None and not applicable(finding, unsafe_fixes)
            note = " (unsafe fix available)" if hidden else ""
            yield f"{result.path}:{start.line}:{start.column}: {finding.code} {finding.message}{note}"


def error_lines(results: Sequence[FileResult]) -> Iterator[str]:
    for result in sorted(results, key=lambda result: str(result.path)):
        if result.error:
            yield f"error: {result.path}: {result.error}"


def summary(results: Sequence[FileResult], mode: Mode, unsafe_fixes: bool = False) -> str:
    findings = [finding for result in results for finding in result.findings]
    fixed = sum(result.fixed for result in results)
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


def _problems(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''}"
