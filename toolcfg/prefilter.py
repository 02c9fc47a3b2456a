"""A byte test that rules a file out before it is parsed.

Parsing with LibCST costs about 120 times a byte scan, and almost no file in a project
defines a LangChain tool. A file can only hold a finding if it mentions a runnable method
and a tool, a lambda, a chain or a graph; the test is conservative, so it never rules out a file that has a finding.
"""

from __future__ import annotations

# Substrings of every method in ``linter.calls.RUNNABLE_METHODS``.
_CALL_MARKERS = (b"invoke", b"stream", b"batch", b"atransform")
# Every recognised decorator, registration call and base class, or its import, contains one.
_TARGET_MARKERS = (b"tool", b"Tool", b"RunnableLambda", b"chain", b"add_node", b"entrypoint")


def may_have_findings(data: bytes) -> bool:
    return any(marker in data for marker in _CALL_MARKERS) and any(
        marker in data for marker in _TARGET_MARKERS
    )
