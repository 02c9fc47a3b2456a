"""What a rule family's check is given, and what it gives back.

The index planned which functions to look inside (``FilePlan``); the driver parses them
(``analyze.py``) and hands each family a ``Target``: one planned function, seen with
LibCST, with what the file around it says (scopes, imports). A check returns ``Problem``s:
a rule, the message's fields, the nodes it looked at and the fix it decided, which the
driver turns into positioned findings (``fixes.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Tuple

import libcst as cst

from toolcfg.index import model
from toolcfg.index.helpers import ConfigBuilder, HelperInfo
from toolcfg.index.model import CallKey
from toolcfg.index.plans import FilePlan, Planned
from toolcfg.index.scopes import Scope
from toolcfg.linter import annotations as types
from toolcfg.linter import calls, sources
from toolcfg.linter.changes import FixPlan
from toolcfg.linter.context import FixStyle
from toolcfg.linter.facts import Function, all_params
from toolcfg.linter.fixes import called_name
from toolcfg.registry import TargetKind
from toolcfg.rules.base import Rule


@dataclass(frozen=True)
class Problem:
    rule: Rule
    variant: str
    fields: Mapping[str, str]
    anchor: cst.CSTNode
    span: cst.CSTNode
    source: sources.Source
    fix: Optional[FixPlan] = None
    note: str = ""
    #: One of ``rule.qualifiers``: the function bites under that condition instead.
    qualifier: Optional[str] = None


@dataclass
class FileFacts:
    """What the decisions know about the file around the functions."""

    plan: FilePlan
    records: Dict[str, model.Function]  # the summary's records of functions, by key
    #: The file's lines, without their endings: where a call's key is counted.
    lines: List[str] = field(default_factory=list)
    scopes: Dict[int, Scope] = field(default_factory=dict)
    #: How the project writes an optional annotation here.
    style: FixStyle = field(default_factory=FixStyle)

    def scope(self, index: int) -> Scope:
        if index not in self.scopes:
            self.scopes[index] = Scope(self.plan.summary.scopes, index, self.plan.package)
        return self.scopes[index]

    @property
    def module_scope(self) -> Scope:
        return self.scope(0)

    @property
    def future_annotations(self) -> bool:
        return self.plan.summary.future_annotations

    def spelling(self, qualified: FrozenSet[str], default: str) -> Optional[str]:
        return types.runtime_spelling(self.module_scope, qualified, default)


@dataclass(frozen=True, eq=False)
class Target:
    """One planned function: a target LangChain or LangGraph runs, or a helper on one's
    path. What the checks ask of it is worked out once."""

    file: FileFacts
    function: Function
    planned: Planned
    source: sources.Source

    @property
    def kind(self) -> TargetKind:
        return self.planned.kind

    @property
    def node(self) -> cst.FunctionDef:
        return self.function.node

    @property
    def record(self) -> model.Function:
        return self.file.records[self.function.key]

    @property
    def can_lose_config(self) -> bool:
        """Sync functions of some kinds keep their config (``TargetKind.async_only``), and
        so do the others where every graph, chain or agent they run in is run with sync
        methods only (``Planned.sync_runs``)."""
        if self.node.asynchronous is not None:
            return True
        return not self.kind.async_only and not self.planned.sync_runs

    @cached_property
    def outer(self) -> Scope:
        """The scope the function is defined in."""
        return self.file.scope(self.file.records[self.function.key].outer)

    @cached_property
    def own(self) -> Tuple[Function, ...]:
        """The function and its nested functions, except nested ones the index planned or
        something else runs."""
        return tuple(_own(self.function, self.file.plan))

    @cached_property
    def taken(self) -> FrozenSet[str]:
        """Every name the function or its nested functions use, so a new one shadows
        nothing."""
        taken = set()
        stack = [self.function]
        while stack:
            current = stack.pop()
            taken |= current.names
            stack.extend(current.children)
        taken.update(p.name.value for p in all_params(self.node.params))
        return frozenset(taken)

    @cached_property
    def subject(self) -> str:
        """``async tool `search```, ``tool method `SearchTool._arun```: for messages."""
        name = self.function.name
        owner = self.planned.owner or (
            self.function.owner.name.value if self.function.owner is not None else None
        )
        if owner is not None:
            name = f"{owner}.{name}"
        return f"{self.kind.label} `{name}`"

    @cached_property
    def call_sites(
        self,
    ) -> Tuple[Tuple[cst.Call, ...], Tuple[Tuple[cst.Call, HelperInfo], ...]]:
        """Its runnable calls, and its calls of helpers with what the index knows of each."""
        helper_map = dict(self.planned.helper_calls)
        ignored = set(self.planned.not_runnable)
        key_of = self._key_of() if (helper_map or ignored) else None
        runnable: List[cst.Call] = []
        helpers: List[Tuple[cst.Call, HelperInfo]] = []
        for member in self.own:
            for call in member.calls:
                if calls.runnable_method(call):
                    if key_of is None or key_of(call) not in ignored:
                        runnable.append(call)
                elif key_of is not None and helper_map:
                    info = helper_map.get(key_of(call))
                    if info is not None:
                        helpers.append((call, info))
        return tuple(runnable), tuple(helpers)

    @cached_property
    def config_builders(self) -> Mapping[cst.Call, ConfigBuilder]:
        """Its calls of project functions that build a config from one they are passed."""
        builders = dict(self.planned.config_builders)
        if not builders:
            return {}
        key_of = self._key_of()
        return {
            call: builders[key_of(call)]
            for member in self.own
            for call in member.calls
            if key_of(call) in builders
        }

    def _key_of(self) -> Callable[[cst.Call], CallKey]:
        """A call's key as the index counts it: line, and UTF-8 column of the called name."""
        source = self.source
        lines = self.file.lines

        def key(call: cst.Call) -> CallKey:
            where = source.start(called_name(call))
            text = lines[where.line - 1] if where.line <= len(lines) else ""
            return where.line, len(text[: where.column - 1].encode("utf-8"))

        return key


def _own(function: Function, plan: FilePlan) -> Iterable[Function]:
    """The function and its nested ones, except those planned on their own and those
    something else runs (``FilePlan.owned``: a tool built from a nested function owns the
    calls in its body)."""
    yield function
    for child in function.children:
        if child.key not in plan.functions and child.key not in plan.owned:
            yield from _own(child, plan)


@dataclass(frozen=True)
class Check:
    """A rule family's decision for the functions of its kinds."""

    kinds: Tuple[TargetKind, ...]
    decide: Callable[[Target], Iterable[Problem]]


def describe(call: cst.Call) -> str:
    """``llm.bind_tools(...).ainvoke()``: a runnable call as the user would name it."""
    assert isinstance(call.func, cst.Attribute)
    return f"{_spelled(call.func.value)}.{call.func.attr.value}()"


def _spelled(expression: cst.BaseExpression) -> str:
    if isinstance(expression, cst.Name):
        return expression.value
    if isinstance(expression, cst.Attribute):
        return f"{_spelled(expression.value)}.{expression.attr.value}"
    if isinstance(expression, cst.Call):
        return f"{_spelled(expression.func)}({'...' if expression.args else ''})"
    if isinstance(expression, cst.Subscript):
        return f"{_spelled(expression.value)}[...]"
    return "(...)"
