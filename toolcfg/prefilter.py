"""A byte test that rules a file out before it is parsed.

Parsing with LibCST costs over a hundred times a byte scan, and few files in a project
define a LangChain tool, lambda or graph node. The test is conservative: it never rules
out a file that the analysis could report. A file can only hold a finding if

- it imports from LangChain or LangGraph (every target is resolved through such an import);
- it makes a target, in one of the forms ``linter.targets`` recognises: a decorator whose
  name ends in ``tool``, ``chain`` or ``entrypoint``; a ``coroutine=`` keyword; a call of
  ``tool``, ``chain``, ``RunnableLambda`` or ``add_node``; a ``_run`` or ``_arun`` method;
  or an import that renames one of these (``tool as lc_tool``), after which any spelling
  is possible; and
- it calls a runnable method, or declares a config (``RunnableConfig``, a ``config``
  parameter), for the declaration rules.

It runs on every file of a tree, so each pattern starts with a literal, which ``re``
finds quickly, and word boundaries before it are checked by hand.
"""

from __future__ import annotations

import re
from typing import Pattern, Tuple

_LIBRARIES = (b"langchain", b"langgraph")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

# (pattern, whether the character before the match must not be part of a word). Each
# starts with a literal so that ``re`` can skip ahead quickly.
_TARGETS: Tuple[Tuple[Pattern[bytes], bool], ...] = (
    (re.compile(rb"@[\w. \t]*?(?:tool|chain|entrypoint)\b"), False),
    (re.compile(rb"coroutine\s*="), True),
    (re.compile(rb"def\s+_a?run\b"), True),
    (re.compile(rb"add_node\s*\("), True),
    (re.compile(rb"RunnableLambda\b"), True),
    (re.compile(rb"tool\s*(?:\(|as\b)"), True),
    (re.compile(rb"chain\s*(?:\(|as\b)"), True),
    (re.compile(rb"entrypoint\s+as\b"), True),
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
