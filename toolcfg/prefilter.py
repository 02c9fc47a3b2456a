"""A byte test that rules a file out before it is parsed.

Parsing with LibCST costs over a hundred times a byte scan, and few files in a project
define a LangChain tool, lambda or graph node. The test is conservative: it never rules
out a file that the analysis could report. A file can only hold a finding if

- it imports from LangChain or LangGraph (every target is resolved through such an import),
- it names a target: the ``tool`` decorator, a ``...Tool`` class, ``RunnableLambda``,
  ``chain``, ``add_node`` or ``entrypoint``, and
- it calls a runnable method, or declares a config (``RunnableConfig``, a ``config``
  parameter), for the declaration rules.

It runs on every file of a tree, so each pattern starts with a literal, which ``re``
finds quickly, and the word boundaries before it are checked by hand.
"""

from __future__ import annotations

import re
from typing import Pattern, Tuple

_LIBRARIES = (b"langchain", b"langgraph")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

# ``tool`` and ``chain`` as whole words leave out ``tools`` and ``langchain``.
# Cheapest first: ``chain`` is last because every ``langchain`` is a match to reject.
_TARGETS: Tuple[Tuple[Pattern[bytes], bool], ...] = (
    (re.compile(rb"Tool\b"), False),
    (re.compile(rb"tool\b"), True),
    (re.compile(rb"RunnableLambda|add_node|entrypoint"), False),
    (re.compile(rb"chain\b"), True),
)
# Every name in ``linter.calls.RUNNABLE_METHODS``, without its async ``a``: (pattern, whether
# the ``a`` is required).
_METHODS: Tuple[Tuple[Pattern[bytes], bool], ...] = (
    (re.compile(rb"invoke\s*\("), False),
    (re.compile(rb"stream\s*\("), False),
    (re.compile(rb"batch\s*\("), False),
    (re.compile(rb"stream_events\s*\("), True),
    (re.compile(rb"stream_log\s*\("), True),
    (re.compile(rb"batch_as_completed\s*\("), True),
    (re.compile(rb"transform\s*\("), True),
)
_CONFIG_PARAMETER = re.compile(rb"config\s*[:,)=]")


def may_have_findings(data: bytes) -> bool:
    if not any(library in data for library in _LIBRARIES):
        return False
    if not any(_found(pattern, data, whole_word) for pattern, whole_word in _TARGETS):
        return False
    return (
        b"RunnableConfig" in data
        or _method_call(data)
        or _found(_CONFIG_PARAMETER, data, whole_word=True)
    )


def _found(pattern: Pattern[bytes], data: bytes, whole_word: bool) -> bool:
    for match in pattern.finditer(data):
        start = match.start()
        if not whole_word or start == 0 or data[start - 1] not in _WORD_BYTES:
            return True
    return False


def _method_call(data: bytes) -> bool:
    """``.ainvoke(``, also spelled ``. ainvoke (`` or across a line continuation."""
    for pattern, async_only in _METHODS:
        for match in pattern.finditer(data):
            before = match.start() - 1
            if before >= 0 and data[before] == ord("a"):
                before -= 1
            elif async_only:
                continue
            while before >= 0 and data[before] in b" \t\r\n\\":
                before -= 1
            if before >= 0 and data[before] == ord("."):
                return True
    return False
