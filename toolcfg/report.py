"""How results are printed: ruff's concise format and summary lines."""

from __future__ import annotations

from typing import Iterator, Sequence

from toolcfg.runner import FileResult


def finding_lines(results: Sequence[FileResult]) -> Iterator[str]:
    """``path:line:col: CODE message`` for every finding, by path and position."""
    for result in sorted(results, key=lambda result: str(result.path)):
        for finding in result.findings:
            start = finding.start
            yield f"{result.path}:{start.line}:{start.column}: {finding.code} {finding.message}"


def error_lines(results: Sequence[FileResult]) -> Iterator[str]:
    for result in sorted(results, key=lambda result: str(result.path)):
        if result.error:
            yield f"error: {result.path}: {result.error}"


def summary(results: Sequence[FileResult], *, fixing: bool, diffing: bool) -> str:
    remaining = sum(len(result.findings) for result in results)
    fixed = sum(result.fixed for result in results)
    fixable = sum(finding.fixable for result in results for finding in result.findings)
    if diffing:
        would = f"Would fix {_problems(fixed)}." if fixed else "No fixes available."
        left = remaining - fixable
        return would if not left else f"{would} {_problems(left)} would remain."
    if fixing:
        if not (fixed or remaining):
            return "All checks passed!"
        return f"Found {_problems(fixed + remaining)} ({fixed} fixed, {remaining} remaining)."
    if not remaining:
        return "All checks passed!"
    return f"Found {_problems(remaining)} ({fixable} fixable with --fix)."


def _problems(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''}"
