"""A byte test that rules a file out before it is parsed.

Parsing with LibCST costs about 120 times a byte scan, and almost no file in a project
defines a LangChain tool. A file can only hold a finding if it mentions a runnable method
and a tool; the test is conservative, so it never rules out a file that has a finding.
"""

from __future__ import annotations

# Substrings of every method in ``linter.calls.RUNNABLE_METHODS``.
_CALL_MARKERS = (b"invoke", b"stream", b"batch", b"atransform")
# Every spelling of a recognised decorator or its import contains this.
_TARGET_MARKERS = (b"tool",)


def may_have_findings(data: bytes) -> bool:
    return any(marker in data for marker in _CALL_MARKERS) and any(
        marker in data for marker in _TARGET_MARKERS
    )
