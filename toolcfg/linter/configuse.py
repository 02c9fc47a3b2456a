"""How a function body uses a parameter: as the caller's RunnableConfig, and only to pass it on.

``calls.py`` judges each runnable call; these judge the whole body for one name. A
parameter called ``config`` may be a real tool argument, so it is the caller's config only
where the body treats it as one (``used_as_config``); and a config that the body only passes
on, reading nothing from it, keeps working when it is never injected (``only_forwarded``),
which the declaration rules tell apart from one read for its keys.
"""

from __future__ import annotations

from typing import List

import libcst as cst

from toolcfg import registry
from toolcfg.linter.calls import (
    NameReader,
    callee_name,
    config_argument,
    runnable_method,
    string_value,
)


def used_as_config(name: str, body: cst.CSTNode) -> bool:
    """Does the code treat ``name`` as a RunnableConfig?

    A parameter called ``config`` may be a real tool argument (a settings dict the model
    fills in). Only if the body forwards it to a runnable, hands it to a config helper or
    reads a key that only a RunnableConfig has is it the caller's config.
    """
    finder = _ConfigUse(name)
    body.visit(finder)
    return finder.found


class _ConfigUse(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        self.name = name
        self.found = False

    def _is_name(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Name) and node.value == self.name

    def visit_Call(self, node: cst.Call) -> None:
        if self._forwards(node) or self._passes_to_helper(node) or self._reads_key(node):
            self.found = True

    def _forwards(self, node: cst.Call) -> bool:
        """``x.ainvoke(input, config)`` or anything with ``config=config``."""
        keyword = any(
            arg.keyword is not None and arg.keyword.value == "config" and self._is_name(arg.value)
            for arg in node.args
        )
        positional = [arg for arg in node.args if arg.keyword is None]
        return keyword or (
            callee_name(node) in registry.RUNNABLE_METHODS
            and len(positional) >= 2
            and self._is_name(positional[1].value)
        )

    def _passes_to_helper(self, node: cst.Call) -> bool:
        """``patch_config(config, ...)`` and the like."""
        return (
            callee_name(node) in registry.CONFIG_BUILDERS | registry.CONFIG_READERS
            and bool(node.args)
            and node.args[0].keyword is None
            and self._is_name(node.args[0].value)
        )

    def _reads_key(self, node: cst.Call) -> bool:
        """``config.get("configurable")``."""
        func = node.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get"
            and self._is_name(func.value)
            and bool(node.args)
            and string_value(node.args[0].value) in registry.CONFIG_KEYS
        )

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if self._is_name(node.value) and any(
            isinstance(element.slice, cst.Index)
            and string_value(element.slice.value) in registry.CONFIG_KEYS
            for element in node.slice
        ):
            self.found = True

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not self.found and super().on_visit(node)


def only_forwarded(name: str, body: cst.CSTNode) -> bool:
    """Does the code only pass ``name`` on as a config, and read nothing from it?

    Passed on: as ``config=``, as a runnable call's second positional argument, or to
    ``.with_config(...)``, as it is or wrapped (``name or {}``, ``{**name}``,
    ``patch_config(name, ...)``). A config that is never injected is ``None`` there, and
    passing ``None`` on leaves the call to the config its context carries (Python 3.11+,
    or langchain-core >= 1.4.8 for tools); a function that reads from it
    (``name["configurable"]``, ``name.get("metadata")``, ``helper(name)``) gets nothing
    on any version.
    """
    forwarded = _Forwarded(name)
    body.visit(forwarded)
    reads = _Reads(name)
    body.visit(reads)
    return bool(reads.found) and all(
        any(read is passed for passed in forwarded.names) for read in reads.found
    )


class _Forwarded(cst.CSTVisitor):
    """The reads of ``name`` that pass it on as a config."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.names: List[cst.Name] = []

    def visit_Call(self, node: cst.Call) -> None:
        argument = config_argument(node) if runnable_method(node) else None
        for arg in node.args:
            passed = (
                (arg.keyword is not None and arg.keyword.value == "config")
                or arg is argument
                or (callee_name(node) == "with_config" and arg is node.args[0] and not arg.keyword)
            )
            if passed:
                self._wrapped(arg.value)

    def _wrapped(self, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Name) and value.value == self.name:
            self.names.append(value)
        elif isinstance(value, cst.BooleanOperation):
            self._wrapped(value.left)
        elif isinstance(value, cst.Dict):
            for element in value.elements:
                if isinstance(element, cst.StarredDictElement):
                    self._wrapped(element.value)
        elif (
            isinstance(value, cst.Call)
            and callee_name(value) in registry.CONFIG_BUILDERS
            and value.args
            and value.args[0].keyword is None
        ):
            self._wrapped(value.args[0].value)


class _Reads(NameReader):
    """Every read of ``name``: attribute names and keywords are not reads."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: List[cst.Name] = []

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.found.append(node)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        return False
