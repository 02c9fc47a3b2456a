"""A byte test that rules a file out before it is indexed: can it hand a function to
LangChain or LangGraph?

It runs on every file of a project, so it reads bytes, never parses, and is derived from
the registration table (``toolcfg.registry``) rather than written beside it. A file can
register a function only if

- it imports from LangChain or LangGraph (registrations resolve through the module's own
  imports), and spells a registration the table lists: a decorator (``@tool``,
  ``@lc.tool("x")``, ``@entrypoint()``), a call of a registering name (``tool(fn)``,
  ``StructuredTool.from_function(``, ``ToolNode(``), a renaming import of one
  (``tool as lc_tool``), or a graph builder's method (``.add_node(``); or
- it defines a method the table finds through base classes (``def _arun``, ``def
  abefore_model``), whose base may be a class of the project in another module, or a sync
  ``def _run`` with a config in sight (for the declaration rules).

Functions defined in modules that pass none of this (``nodes.py``, ``helpers.py``) are
found from the registering modules, through their imports. The test is conservative:
``tests/test_prefilter.py`` proves it never rules out a file with a finding.
"""

from __future__ import annotations

import re
from typing import FrozenSet, Iterable, Pattern

from toolcfg import registry
from toolcfg.registry import Form

_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _last_names(forms: Iterable[Form]) -> FrozenSet[bytes]:
    wanted = set(forms)
    return frozenset(
        name.rsplit(".", 1)[-1].encode()
        for row in registry.REGISTRATIONS
        if row.form in wanted
        for name in row.names
    )


def _alternatives(words: Iterable[bytes]) -> bytes:
    return b"|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


_DECORATED = _last_names([Form.DECORATOR])
_CALLED = _last_names([Form.CALL, Form.DECORATOR_CALL]) | _DECORATED
_METHODS = _last_names([Form.METHOD])
_SUBCLASS_METHODS = frozenset(
    method.encode()
    for row in registry.REGISTRATIONS
    if row.form is Form.SUBCLASS
    for method in row.methods
    if method != "_run"
)

#: ``@`` and a dotted name ending in a decorating name: each starts with a literal.
_DECORATOR: Pattern[bytes] = re.compile(rb"@[\w. \t]*?(?:" + _alternatives(_DECORATED) + rb")\b")
#: ``def _arun``, ``def abefore_model``...
_DEFINES: Pattern[bytes] = re.compile(rb"def\s+(?:" + _alternatives(_SUBCLASS_METHODS) + rb")\b")
_SYNC_RUN: Pattern[bytes] = re.compile(rb"def\s+_run\b")
_CALLS = {word: re.compile(re.escape(word) + rb"\s*(?:\(|as\b)") for word in _CALLED}
_METHOD_CALLS = {word: re.compile(re.escape(word) + rb"\s*\(") for word in _METHODS}


def may_register(data: bytes) -> bool:
    """Can this file make a function one that LangChain or LangGraph runs?"""
    if _found(_DEFINES, data, lambda before: before not in _WORD):
        return True
    if b"config" in data and _found(_SYNC_RUN, data, lambda before: before not in _WORD):
        return True
    if b"langchain" not in data and b"langgraph" not in data:
        return False
    if _DECORATOR.search(data):
        return True
    for word, pattern in _CALLS.items():
        if word in data and _found(pattern, data, lambda before: before not in _WORD):
            return True
    for word, pattern in _METHOD_CALLS.items():
        if word in data and _method_call(pattern, data):
            return True
    return False


def _found(pattern: Pattern[bytes], data: bytes, allowed_before) -> bool:  # type: ignore[no-untyped-def]
    for match in pattern.finditer(data):
        start = match.start()
        if start == 0 or allowed_before(data[start - 1]):
            return True
    return False


def _method_call(pattern: Pattern[bytes], data: bytes) -> bool:
    """``.add_node(``, also spelled ``. add_node (`` or across a line continuation."""
    for match in pattern.finditer(data):
        before = match.start() - 1
        while before >= 0 and data[before] in b" \t\r\n\\":
            before -= 1
        if before >= 0 and data[before] == ord("."):
            return True
    return False
