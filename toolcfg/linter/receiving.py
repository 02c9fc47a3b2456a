"""The config a function receives, how its family hands it over, and what each call does with it.

``forwarding.py`` decides, from this reading, what a function's calls lose and what its fixes
pass on. A function receives a config through a parameter or ``runtime.config``
(``config_source``), or none; each family gives its ``Way``: how its functions receive the
config and what a call passes on (``BY_NAME`` for all but tools, which pass on their own
run's child). ``read`` classifies each runnable call and each call of a helper
(``calls.Verdict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Protocol, Sequence, Set, Tuple, Union

import libcst as cst

from toolcfg import registry
from toolcfg.index.helpers import HelperInfo
from toolcfg.index.scopes import Scope
from toolcfg.linter import annotations as types
from toolcfg.linter import calls, configuse
from toolcfg.linter.calls import Verdict
from toolcfg.linter.changes import Change, FixPlan
from toolcfg.linter.facts import all_params
from toolcfg.linter.target import Target
from toolcfg.registry import Injection, TargetKind


@dataclass(frozen=True)
class ConfigSource:
    """Where a function's config comes from: a parameter, or ``runtime.config``."""

    #: The name that every expression built from the config starts from.
    root: str
    #: The expression a fix passes on.
    expression: str
    runtime: bool


def config_source(
    function: cst.FunctionDef, kind: TargetKind, scope: Scope
) -> Optional[ConfigSource]:
    """The config a function already receives, if any.

    A parameter spelled like the config in a form LangChain ignores still counts: adding a
    second one would not help, and a declaration rule reports the spelling.
    """
    params = list(all_params(function.params))
    if kind.injection is Injection.NAME and any(param.name.value == "config" for param in params):
        return ConfigSource("config", "config", False)
    for param in params:
        if param.annotation is None:
            continue
        name = param.name.value
        annotation = param.annotation.annotation
        if types.is_runnable_config(annotation, scope):
            return ConfigSource(name, name, False)
        if types.is_tool_runtime(annotation, scope):
            return ConfigSource(name, f"{name}.config", True)
    untyped = next((p for p in params if p.name.value == "config" and not p.star), None)
    if (
        untyped is not None
        and types.is_untyped(untyped)
        and configuse.used_as_config("config", function.body)
    ):
        return ConfigSource("config", "config", False)
    return None


@dataclass(frozen=True)
class Forwarder:
    """The config value calls pass, and the changes that make it available."""

    value: str
    changes: Tuple[Change, ...] = ()
    safe: bool = True
    note: str = ""
    no_fix: str = ""
    #: Tools: the expression of the run's child callbacks, which a receiver bound to the
    #: caller's callbacks (``.with_config(callbacks=config["callbacks"])``) gets instead.
    child: str = ""
    #: The changes ``child`` needs (the ``callbacks`` parameter and its import).
    child_changes: Tuple[Change, ...] = ()


@dataclass(frozen=True)
class NewParameter:
    """The config parameter a fix adds to a function that takes none."""

    name: str
    #: How the file names ``RunnableConfig`` at run time; None: import it, as that name.
    spelling: Optional[str]
    #: ``Optional[...] = None``, for functions something may call without a config.
    defaulted: bool
    safe: bool = True
    #: Said after the message: why the fix is unsafe, say.
    note: str = ""


class Way(Protocol):
    """How a family's functions receive the config, and what its fixes write."""

    def child(self, target: Target) -> FrozenSet[str]:
        """The parameters that carry the function's own run's callbacks (a tool's)."""

    def parameter(self, target: Target) -> Union[NewParameter, str]:
        """The config parameter to add, or why none can be added."""

    def forwarder(
        self, target: Target, received: ConfigSource, added: Optional[FixPlan]
    ) -> Forwarder:
        """What a call passes on, given the received config (``added`` by ``added``)."""


class ByName:
    """Lambdas, chains, graph nodes, middleware hooks and helpers: LangChain and LangGraph
    find the parameter by the name ``config`` and hand it the child config of the
    function's own run, which a call passes on as it is."""

    def child(self, target: Target) -> FrozenSet[str]:
        return frozenset()

    def parameter(self, target: Target) -> Union[NewParameter, str]:
        if "config" in target.taken:
            # LangChain and LangGraph look the parameter up by this exact name.
            return f"`config` is already a name in `{target.node.name.value}`"
        # Under future annotations LangGraph matches the annotation's text.
        spelling = (
            "RunnableConfig"
            if target.file.spelling(registry.RUNNABLE_CONFIG, "RunnableConfig") == "RunnableConfig"
            else None
        )
        defaulted = target.kind.defaulted_parameter or bool(target.planned.callers)
        return NewParameter("config", spelling, defaulted)

    def forwarder(
        self, target: Target, received: ConfigSource, added: Optional[FixPlan] = None
    ) -> Forwarder:
        return Forwarder(received.expression)


BY_NAME = ByName()


@dataclass(frozen=True)
class Reading:
    """The config a function receives, and what each of its calls does with it."""

    received_from: Optional[ConfigSource]
    verdicts: Tuple[Tuple[cst.Call, Verdict], ...]
    helper_verdicts: Tuple[Tuple[cst.Call, HelperInfo, Verdict], ...]
    #: Calls on a receiver bound to the received config's callbacks, with the
    #: ``.with_config(callbacks=...)`` call that binds it.
    bound: Tuple[Tuple[cst.Call, cst.Call], ...] = ()

    @property
    def any_calls(self) -> bool:
        return bool(self.verdicts or self.helper_verdicts)

    def bound_by(self, call: cst.Call) -> Optional[cst.Call]:
        return next((binder for bound, binder in self.bound if bound is call), None)

    @property
    def dropping(self) -> List[Tuple[cst.Call, Verdict]]:
        return [(call, verdict) for call, verdict in self.verdicts if _drops(verdict)]

    @property
    def helpers_dropping(self) -> List[Tuple[cst.Call, HelperInfo, Verdict]]:
        return [(c, info, v) for c, info, v in self.helper_verdicts if _drops(v)]


def _drops(verdict: Verdict) -> bool:
    return verdict in (Verdict.DROPS, Verdict.FOREIGN)


def _own_kwargs(
    function: cst.FunctionDef, runnable: Sequence[cst.Call], receives: bool
) -> Optional[str]:
    """The function's ``**kwargs``, when spreading them into a runnable call passes no
    config: it takes its config by a parameter, or will once fixed. Not when it takes
    none and spreads them into every runnable call it makes: a ``config=`` its caller
    passes reaches them all, and the index has its callers pass one (``HelperInfo``)."""
    star = function.params.star_kwarg
    if star is None:
        return None
    name = star.name.value
    if not receives and all(
        any(calls.spreads(arg, name) for arg in call.args) for call in runnable
    ):
        return None
    return name


def read(target: Target, way: Way) -> Reading:
    runnable, helper_calls = target.call_sites
    received_from = (
        None
        if target.planned.settings_config
        else config_source(target.node, target.kind, target.outer)
    )
    configs: Set[str] = set()
    runtimes: Set[str] = set()
    if received_from is not None:
        (runtimes if received_from.runtime else configs).add(received_from.root)
    assignments = [assignment for f in target.own for assignment in f.assignments]
    received = calls.received_names(
        configs, way.child(target), runtimes, assignments, target.config_builders
    )
    caller = target.kind.receives_caller_config
    spread = _own_kwargs(target.node, runnable, bool(configs or runtimes))
    verdicts = tuple((call, calls.classify(call, received, caller, spread)) for call in runnable)
    bound = []
    for call, verdict in verdicts:
        if verdict is Verdict.FORWARDS_CALLER and calls.config_argument(call) is None:
            assert isinstance(call.func, cst.Attribute)
            binding = calls.binding_of(call.func.value, received)
            if binding is not None and binding.caller is not None:
                bound.append((call, binding.caller))
    return Reading(
        received_from,
        verdicts,
        tuple(
            (call, info, calls.classify_helper(call, info, received, caller))
            for call, info in helper_calls
        ),
        tuple(bound),
    )
