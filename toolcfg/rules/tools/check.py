"""The check of tools (TCF00x, TCF01x, TCF02x): how they receive the config, what their
fixes write, and the calls that forward the config the tool was called with (``x3``).

LangChain finds a tool's config parameter by its ``RunnableConfig`` annotation and hands
it the config the tool was *called with*; the tool run's own callbacks come in a
``callbacks: Callbacks`` parameter, or, for ``BaseTool._arun``, its ``run_manager``. A
fix forwards ``patch_config(config, callbacks=...)`` with them, which files the inner runs
under the tool's run (docs/facts.md, "Trace nesting").
"""

from __future__ import annotations

from typing import Callable, FrozenSet, Iterator, List, Optional, Union

import libcst as cst

from toolcfg import registry
from toolcfg.index.plans import Planned
from toolcfg.linter import annotations as types
from toolcfg.linter import forwardfixes, forwarding
from toolcfg.linter import spelling as spellings
from toolcfg.linter.calls import Verdict
from toolcfg.linter.changes import AddParam, Change, FixPlan, Import
from toolcfg.linter.facts import all_params
from toolcfg.linter.fixes import called_name
from toolcfg.linter.forwarding import Decision
from toolcfg.linter.receiving import ConfigSource, Forwarder, NewParameter, Way
from toolcfg.linter.target import Check, Problem, Target, describe
from toolcfg.rules.declarations import check as declarations
from toolcfg.rules.families import Family
from toolcfg.rules.tools import BASE_TOOL, TOOL, TOOL_COROUTINE

_PATCH_CONFIG = frozenset(
    {"langchain_core.runnables.patch_config", "langchain_core.runnables.config.patch_config"}
)


class ByAnnotation:
    """``@tool`` functions and tool coroutines: the config is the parameter annotated
    ``RunnableConfig``, under any name, and the tool run's callbacks come in
    ``callbacks: Callbacks = None``."""

    #: The parameter that carries the tool run's callbacks.
    callbacks_parameter = "callbacks"

    def child(self, target: Target) -> FrozenSet[str]:
        names = {param.name.value for param in all_params(target.node.params)}
        name = self.callbacks_parameter
        return frozenset({name}) if name in names else frozenset()

    def parameter(self, target: Target) -> Union[NewParameter, str]:
        planned = target.planned
        safe, note = True, ""
        if planned.callers:
            safe = False
            note = (
                f" ({_callers_text(planned)} without a config)"  # the format says the fix is unsafe
            )
        spelling = target.file.spelling(registry.RUNNABLE_CONFIG, "RunnableConfig")
        name = _free_name(target.taken)
        return NewParameter(name, spelling, target.kind.defaulted_parameter, safe, note)

    def forwarder(
        self, target: Target, received: ConfigSource, added: Optional[FixPlan]
    ) -> Forwarder:
        """A config carrying the tool run's own callbacks (docs/facts.md, "Trace
        nesting"), and the signature the callbacks need."""
        node = target.node
        patch = target.file.spelling(_PATCH_CONFIG, "patch_config")
        changes: List[Change] = []
        if patch is None:
            patch = "patch_config"
            if "patch_config" in target.taken:
                return _no_fix("patch_config", node)
            changes.append(Import(*registry.PATCH_CONFIG_IMPORT))
        child = self.callbacks(target, changes, _keyword_only_for_default(node, added))
        if isinstance(child, Forwarder):
            return child
        # Binding a receiver to the child needs the child's parameter, not ``patch_config``.
        patching = Import(*registry.PATCH_CONFIG_IMPORT)
        return Forwarder(
            f"{patch}({received.expression}, callbacks={child})",
            tuple(changes),
            child=child,
            child_changes=tuple(change for change in changes if change != patching),
        )

    def callbacks(
        self, target: Target, changes: List[Change], keyword_only: bool
    ) -> Union[str, Forwarder]:
        """The expression of the tool run's callbacks, with the parameter it needs added to
        ``changes``; or a forwarder that says why there is no fix."""
        node = target.node
        params = {param.name.value for param in all_params(node.params)}
        if "callbacks" not in params:
            if "callbacks" in target.taken:
                return _no_fix("callbacks", node)
            spelled = forwardfixes.spelled(
                target.file,
                registry.CALLBACKS_IMPORT,
                ("langchain_core.callbacks.base.Callbacks",),
                changes,
            )
            changes.insert(0, AddParam(node, "callbacks", spelled, keyword_only, "None"))
        return "callbacks"


class ByRunManager(ByAnnotation):
    """``BaseTool._arun``: the config is annotated as for any tool, and the tool run's
    callbacks are its ``run_manager``'s child."""

    callbacks_parameter = "run_manager"

    def parameter(self, target: Target) -> Union[NewParameter, str]:
        unresolvable = types.type_checking_only_names(target.node, target.outer)
        if unresolvable:
            return (
                f"LangChain injects nothing while `{unresolvable[0]}` is imported only under "
                "TYPE_CHECKING"
            )
        return super().parameter(target)

    def callbacks(
        self, target: Target, changes: List[Change], keyword_only: bool
    ) -> Union[str, Forwarder]:
        node = target.node
        params = {param.name.value: param for param in all_params(node.params)}
        if "run_manager" in params:
            # LangChain's own signature defaults it to None, and a direct call of
            # ``_arun`` leaves it so: a bare ``.get_child()`` fails there, and mypy says so.
            return (
                "run_manager.get_child()"
                if params["run_manager"].default is None
                else "run_manager.get_child() if run_manager else None"
            )
        if "run_manager" in target.taken:
            return _no_fix("run_manager", node)
        manager = forwardfixes.spelled(
            target.file,
            registry.RUN_MANAGER_IMPORT,
            ("langchain_core.callbacks.manager.AsyncCallbackManagerForToolRun",),
            changes,
        )
        # LangChain resolves a tool's annotations with ``typing.get_type_hints``.
        optional = spellings.optional(manager, spellings.Reader.TYPE_HINTS, target.file)
        changes.extend(optional.imports)
        changes.insert(
            0,
            AddParam(
                node, "run_manager", optional.annotation, keyword_only, "None", optional.comment
            ),
        )
        return "run_manager.get_child() if run_manager else None"


def _no_fix(name: str, node: cst.FunctionDef) -> Forwarder:
    return Forwarder("", no_fix=f"`{name}` is already a name in `{node.name.value}`")


def _keyword_only_for_default(node: cst.FunctionDef, added: Optional[FixPlan]) -> bool:
    """A defaulted parameter can be appended unless ``*args`` is in the way, or the config
    parameter added beside it is keyword-only."""
    if added is not None:
        for item in added.changes:
            if isinstance(item, AddParam) and item.keyword_only:
                return True
    params = node.params
    return isinstance(params.star_arg, cst.Param) or (
        bool(params.kwonly_params) and not params.params
    )


def _free_name(taken: FrozenSet[str]) -> str:
    """Tools find their config by its annotation: any name will do, ``config`` first."""
    for candidate in ("config", "run_config", "runnable_config"):
        if candidate not in taken:
            return candidate
    index = 2
    while f"run_config_{index}" in taken:
        index += 1
    return f"run_config_{index}"


def _callers_text(planned: Planned) -> str:
    shown = [f"`{site.path}:{site.line}`" for site in planned.callers[:3]]
    more = len(planned.callers) - len(shown)
    text = ", ".join(shown) + (f" and {more} more" if more else "")
    return f"{text} call{'s' if len(planned.callers) == 1 else ''} it"


def nesting(decision: Decision, family: Family) -> Iterator[Problem]:
    """``x3``: calls that forward the config the tool was called with, which files their
    runs beside the tool's run instead of under it."""
    passing, reading, rule = decision.passing, decision.reading, family.nesting
    if passing is None or reading is None or rule is None:
        return
    target = passing.target
    for call, verdict in reading.verdicts:
        if verdict is Verdict.FORWARDS_CALLER:
            bound_by = reading.bound_by(call)
            plan, note = passing.call_fix(call, verdict, bound_by)
            fields = {"call": describe(call), "subject": target.subject}
            variant = "nesting" if bound_by is None else "nesting-callbacks"
            yield Problem(rule, variant, fields, called_name(call), call, target.source, plan, note)
    for call, info, verdict in reading.helper_verdicts:
        if verdict is Verdict.FORWARDS_CALLER:
            plan, note = passing.helper_fix(call, info, verdict)
            fields = {"call": info.name, "subject": target.subject}
            yield Problem(
                rule, "nesting", fields, called_name(call), call, target.source, plan, note
            )


def _decide(family: Family, way: Way) -> Callable[[Target], Iterator[Problem]]:
    def decide(target: Target) -> Iterator[Problem]:
        declared = list(declarations.for_tools(target))
        if target.can_lose_config:
            decision = forwarding.decide(target, family, way)
            yield from decision.problems
            if not _never_injected(target, decision):
                yield from nesting(decision, family)
        yield from declared

    return decide


def _never_injected(target: Target, decision: Decision) -> bool:
    """Is the config the tool passes on a parameter LangChain never injects? It is
    ``None`` then, not the config the tool was called with: the declaration rules say
    what that costs, and no claim about nesting holds."""
    received = decision.reading.received_from if decision.reading is not None else None
    if received is None or received.runtime:
        return False
    param = next((p for p in all_params(target.node.params) if p.name.value == received.root), None)
    return param is not None and declarations.never_injected(param, target.outer, target.node.body)


BY_ANNOTATION = ByAnnotation()
CHECKS = (
    Check(TOOL.kinds, _decide(TOOL, BY_ANNOTATION)),
    Check(TOOL_COROUTINE.kinds, _decide(TOOL_COROUTINE, BY_ANNOTATION)),
    Check(BASE_TOOL.kinds, _decide(BASE_TOOL, ByRunManager())),
)
