"""Whether a function passes its config on: the decision every rule family shares.

A function receives a config (a parameter, or ``runtime.config``) or none. Each runnable
call it makes, and each call of a project function that makes one (a helper), drops it,
passes a config not built from it, passes it on, or, in a tool, passes on the config the
tool was called with (``calls.Verdict``). A function that receives none and drops some is
reported once, with the fix that adds the parameter and forwards it at every such call
(the family's ``x1``); one that receives it, at each call that does not pass it on
(``x2``). How the config is injected and what a fix writes differ by family: each family
gives its ``Way``. Helpers are decided here, under the rules of the kind they serve, and
one that takes no config gets the fix its callers' fixes carry out (``Fix.helpers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Iterable, Iterator, List, Optional, Protocol, Set, Tuple, Union

import libcst as cst

from toolcfg import registry
from toolcfg.index.helpers import HelperInfo
from toolcfg.index.scopes import Scope
from toolcfg.linter import annotations as types
from toolcfg.linter import calls, configuse
from toolcfg.linter import spelling as spellings
from toolcfg.linter.calls import Verdict
from toolcfg.linter.changes import AddParam, Change, FixPlan, Forward, Import, Replace
from toolcfg.linter.facts import all_params
from toolcfg.linter.findings import HelperFixRef
from toolcfg.linter.fixes import called_name
from toolcfg.linter.target import FileFacts, Problem, Target, describe
from toolcfg.registry import Injection, TargetKind
from toolcfg.rules.base import Rule
from toolcfg.rules.families import Family


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


# -- what a function receives, and what each call does with it ------------------------------


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
    verdicts = tuple((call, calls.classify(call, received, caller)) for call in runnable)
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


# -- the decision --------------------------------------------------------------------------


@dataclass(frozen=True)
class Passing:
    """A function that receives a config: what its calls' fixes pass on, and how."""

    target: Target
    received_from: ConfigSource
    #: What the fixes forward: the received config, or ``config`` once a rename is made.
    forwarded: ConfigSource
    how: Forwarder
    #: The rename (TCF104) the fixes carry out first.
    prefix: Optional[FixPlan] = None
    way: Optional[Way] = None

    def call_fix(
        self, call: cst.Call, verdict: Verdict, bound_by: Optional[cst.Call] = None
    ) -> Tuple[Optional[FixPlan], str]:
        """``bound_by``: the ``.with_config(callbacks=...)`` call that binds the receiver
        to the caller's callbacks, which the fix binds to the run's child instead."""
        how = self._keeping(calls.config_argument(call), verdict)
        plan, note = _call_fix(self.target, call, verdict, how, self.forwarded.root, bound_by)
        return self._prefixed(plan), note

    def helper_fix(
        self, call: cst.Call, info: HelperInfo, verdict: Verdict
    ) -> Tuple[Optional[FixPlan], str]:
        how = self._keeping(calls.helper_argument(call, info), verdict)
        plan, note = _helper_call_fix(self.target, call, info, verdict, how, self.forwarded.root)
        return self._prefixed(plan), note

    def _keeping(self, argument: Optional[cst.Arg], verdict: Verdict) -> Forwarder:
        """What a fix passes in place of ``argument``. In a tool, a config that a project
        function built from the received one (``sub_config(runtime)``) keeps what that
        function set: the fix hands it the tool run's callbacks instead of replacing it."""
        if (
            verdict is Verdict.FORWARDS_CALLER
            and self.way is not None
            and self.prefix is None
            and argument is not None
            and _built_by_project(self.target, argument.value)
        ):
            built = ConfigSource(self.forwarded.root, types.code(argument.value), False)
            return self.way.forwarder(self.target, built, None)
        return self.how

    def _prefixed(self, plan: Optional[FixPlan]) -> Optional[FixPlan]:
        return self.prefix + plan if self.prefix is not None and plan is not None else plan


@dataclass(frozen=True)
class Decision:
    problems: Tuple[Problem, ...] = ()
    reading: Optional[Reading] = None
    #: Set when the function receives a config.
    passing: Optional[Passing] = None
    #: A helper that takes no config: the fix its callers' fixes carry out, or None and why.
    fix: Optional[Tuple[Optional[FixPlan], str]] = None


def decide(target: Target, family: Family, way: Way, rename: Optional[Problem] = None) -> Decision:
    """The family's ``x1`` or ``x2`` problems in a target. ``rename``: a TCF104 problem whose
    fix renames the config parameter, which the forwarding fixes then build on."""
    reading = read(target, way)
    if not reading.any_calls:
        return Decision()
    if reading.received_from is None:
        if not reading.dropping and not reading.helpers_dropping:
            return Decision(reading=reading)
        return Decision((_missing(target, reading, family.missing, way),), reading)
    passing = _passing(target, reading.received_from, way, rename)
    return Decision(tuple(_dropped(passing, reading, family.dropped)), reading, passing)


def helper(target: Target, family: Optional[Family]) -> Decision:
    """A helper that takes a config passes it on like any target, under the ``x2`` rule of
    the kind it serves; one that takes none gets the fix its callers' fixes carry out."""
    reading = read(target, BY_NAME)
    if reading.received_from is None:
        return Decision(reading=reading, fix=_fix_missing(target, reading, BY_NAME))
    if family is None:
        return Decision(reading=reading)
    forwarder = BY_NAME.forwarder(target, reading.received_from)
    passing = Passing(target, reading.received_from, reading.received_from, forwarder)
    return Decision(tuple(_dropped(passing, reading, family.dropped)), reading, passing)


def _passing(
    target: Target, received_from: ConfigSource, way: Way, rename: Optional[Problem]
) -> Passing:
    renaming = (
        rename
        if rename is not None and getattr(rename.anchor, "value", None) == received_from.root
        else None
    )
    forwarded = received_from
    prefix: Optional[FixPlan] = None
    if renaming is not None and renaming.fix is not None:
        forwarded = ConfigSource("config", "config", False)
        prefix = renaming.fix
    how = way.forwarder(target, forwarded, None)
    return Passing(target, received_from, forwarded, how, prefix, way)


def _built_by_project(target: Target, value: cst.BaseExpression) -> bool:
    """Is ``value`` a call of a project function that builds a config (the index's
    ``Planned.config_builders``), or a name the function assigns only such calls?"""
    builders = target.config_builders
    if isinstance(value, cst.Call):
        return value in builders
    if not isinstance(value, cst.Name) or not builders:
        return False
    assigned = [
        assigned
        for member in target.own
        for names, assigned in member.assignments
        if value.value in names
    ]
    return bool(assigned) and all(each in builders for each in assigned)


def _missing(target: Target, reading: Reading, rule: Rule, way: Way) -> Problem:
    count = len(reading.dropping) + len(reading.helpers_dropping)
    calls_text = f"{count} runnable call drops" if count == 1 else f"{count} runnable calls drop"
    subject = target.subject
    fields = {
        "subject": subject[0].upper() + subject[1:],
        "parameter": "`RunnableConfig`" if target.kind.is_tool else "`config`",
        "calls": calls_text,
    }
    plan, note = _fix_missing(target, reading, way)
    name = target.node.name
    return Problem(rule, "missing", fields, name, name, target.source, plan, note)


def _dropped(passing: Passing, reading: Reading, rule: Rule) -> Iterator[Problem]:
    target = passing.target
    config = passing.received_from.expression
    for call, verdict in reading.dropping:
        fields = {"call": describe(call), "config": config, "subject": target.subject}
        variant = "dropped" if verdict is Verdict.DROPS else "foreign"
        plan, note = passing.call_fix(call, verdict)
        yield Problem(rule, variant, fields, called_name(call), call, target.source, plan, note)
    for call, info, verdict in reading.helpers_dropping:
        plan, note = passing.helper_fix(call, info, verdict)
        if info.config_param is None:
            variant = "helper"
        elif verdict is Verdict.FOREIGN:
            variant = "helper-foreign"
        else:
            variant = "helper-not-passed"
        fields = {
            "helper": info.name,
            "inner": info.inner,
            "config": config,
            "subject": target.subject,
        }
        yield Problem(rule, variant, fields, called_name(call), call, target.source, plan, note)


# -- fixes ----------------------------------------------------------------------------------


def _fix_missing(target: Target, reading: Reading, way: Way) -> Tuple[Optional[FixPlan], str]:
    """Add the parameter and forward it at every call that drops the config; or None, and
    why not (the first reason met)."""
    plan, note = _add_config(target, way)
    if plan is None:
        return None, note
    name = next(item.name for item in plan.changes if isinstance(item, AddParam))
    how = way.forwarder(target, ConfigSource(name, name, False), plan)
    if how.no_fix:
        return None, f" (no fix: {how.no_fix})"
    for call, verdict in reading.dropping:
        each, each_note = _call_fix(target, call, verdict, how, name)
        if each is None:
            return None, each_note
        plan = plan + each
    for call, info, verdict in reading.helpers_dropping:
        each, each_note = _helper_call_fix(target, call, info, verdict, how, name)
        if each is None:
            return None, each_note
        plan = plan + each
    return plan, note or how.note


def _add_config(target: Target, way: Way) -> Tuple[Optional[FixPlan], str]:
    """The parameter a function that takes no config gets, or why it gets none."""
    planned, node = target.planned, target.node
    if planned.wrapped_by is not None:
        return None, (
            f" (no fix: `@{planned.wrapped_by}` wraps it in a function that does not "
            "pass a config on)"
        )
    new = way.parameter(target)
    if isinstance(new, str):
        return None, f" (no fix: {new})"
    changes: List[Change] = []
    spelling = new.spelling
    if spelling is None:
        spelling = "RunnableConfig"
        changes.append(Import(*registry.RUNNABLE_CONFIG_IMPORT))
    annotation = spelling
    default = comment = None
    params = node.params
    if new.defaulted:
        optional = spellings.optional(spelling, spellings.reader_of(target.kind), target.file)
        annotation, default, comment = optional.annotation, "None", optional.comment
        changes.extend(optional.imports)
        keyword_only = params.star_arg is not cst.MaybeSentinel.DEFAULT and isinstance(
            params.star_arg, cst.Param
        )
    else:
        keyword_only = params.star_arg is not cst.MaybeSentinel.DEFAULT or any(
            param.default is not None for param in (*params.posonly_params, *params.params)
        )
    changes.insert(0, AddParam(node, new.name, annotation, keyword_only, default, comment))
    return FixPlan(tuple(changes), new.safe), new.note


def _call_fix(
    target: Target,
    call: cst.Call,
    verdict: Verdict,
    how: Forwarder,
    name: str,
    bound_by: Optional[cst.Call] = None,
) -> Tuple[Optional[FixPlan], str]:
    """Pass ``how.value`` at a runnable call, or why it cannot be passed there. A receiver
    bound to the caller's callbacks is bound to the run's child instead: a config passed
    at the call would be merged under the bound callbacks, whose parent run stays the
    caller's."""
    withheld = _withheld(target, call, how, name)
    if withheld is not None:
        return None, withheld
    if bound_by is not None and how.child:
        rebind = Replace(bound_by, how.child, "callbacks", None)
        return FixPlan((*how.child_changes, rebind), how.safe), how.note
    argument = calls.config_argument(call)
    changes: List[Change] = list(how.changes)
    if argument is not None:
        value = _passed_value(target.file, how, verdict, argument, changes)
        changes.append(Replace(call, value))
    else:
        changes.append(Forward(call, how.value))
    return FixPlan(tuple(changes), how.safe), how.note


def _helper_call_fix(
    target: Target,
    call: cst.Call,
    info: HelperInfo,
    verdict: Verdict,
    how: Forwarder,
    name: str,
) -> Tuple[Optional[FixPlan], str]:
    """Pass ``how.value`` to a helper; one that takes no config gets its own fix too."""
    withheld = _withheld(target, call, how, name)
    if withheld is not None:
        return None, withheld
    keyword = info.config_param or "config"
    passed = calls.helper_argument(call, info)
    changes: List[Change] = list(how.changes)
    if passed is not None:
        value = _passed_value(target.file, how, verdict, passed, changes)
        changes.append(Replace(call, value, keyword, info.config_index))
    else:
        changes.append(Forward(call, how.value, keyword))
    needs = () if info.config_param is not None else (HelperFixRef(info.path, info.key),)
    return FixPlan(tuple(changes), how.safe, needs), how.note


def _passed_value(
    file: FileFacts, how: Forwarder, verdict: Verdict, argument: cst.Arg, changes: List[Change]
) -> str:
    """What replaces a config argument that does not carry ours: a config of the
    author's own (``{"tags": [...]}``) merged with ours, so their intent stays; ``None``,
    ``{}`` or ``RunnableConfig()`` simply ours."""
    if verdict is not Verdict.FOREIGN:
        return how.value
    merge = spelled(file, registry.MERGE_CONFIGS_IMPORT, (), changes)
    return f"{merge}({how.value}, {types.code(argument.value)})"


def spelled(
    file: FileFacts, imported: Tuple[str, str], aliases: Iterable[str], changes: List[Change]
) -> str:
    """How the file names ``imported`` at run time (``module.name`` or one of ``aliases``);
    where it does not, the name, with the import added to ``changes``."""
    module, name = imported
    found = file.spelling(frozenset({f"{module}.{name}", *aliases}), name)
    if found is None:
        changes.append(Import(module, name))
        return name
    return found


def _withheld(target: Target, call: cst.Call, how: Forwarder, name: str) -> Optional[str]:
    """Why no fix can forward ``name`` at ``call``, as the message's note; None if one can."""
    if how.no_fix:
        return f" (no fix: {how.no_fix})"
    rebinding = _rebinding_function(target, call, name)
    if rebinding is not None:
        return f" (no fix: `{name}` is a different name in {rebinding})"
    return None


def _rebinding_function(target: Target, call: cst.Call, name: str) -> Optional[str]:
    """What, between the target and ``call``, gives ``name`` another meaning: a nested
    function that binds it or declares it ``global``, a lambda or a comprehension."""
    inner = next((f for f in target.own if any(c is call for c in f.calls)), None)
    if inner is not None:
        for where, names in reversed(inner.inner_bindings.get(call, ())):
            if name in names:
                return where
    while inner is not None and inner is not target.function:
        if name in inner.bound or name in inner.declared:
            return f"`{inner.name}`"
        inner = inner.parent
    return None
