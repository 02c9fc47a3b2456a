"""Whether a function passes its config on: the decision every rule family shares.

A function receives a config (a parameter, or ``runtime.config``) or none. Each runnable
call it makes, and each call of a project function that makes one (a helper), drops it,
passes a config not built from it, passes it on, or, in a tool, passes on the config the
tool was called with (``calls.Verdict``). A function that receives none and drops some is
reported once, with the fix that adds the parameter and forwards it at every such call
(the family's ``x1``); one that receives it, at each call that does not pass it on
(``x2``). How the config is injected and what a fix writes differ by family: each family
gives its ``Way``. Helpers are decided here, under the rules of the kind they serve, and
one that takes no config gets the fix its callers' fixes carry out (``Fix.helpers``). What
a function receives and what its calls do is read in ``receiving.py``; what the fixes
write, in ``forwardfixes.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Tuple

import libcst as cst

from toolcfg.index.helpers import HelperInfo
from toolcfg.linter import annotations as types
from toolcfg.linter import calls
from toolcfg.linter.calls import Verdict
from toolcfg.linter.changes import FixPlan
from toolcfg.linter.fixes import called_name
from toolcfg.linter.forwardfixes import fix_missing, helper_call_fix, runnable_call_fix
from toolcfg.linter.receiving import BY_NAME, ConfigSource, Forwarder, Reading, Way, read
from toolcfg.linter.target import Problem, Target, describe
from toolcfg.rules.base import Rule
from toolcfg.rules.families import Family


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
        plan, note = runnable_call_fix(
            self.target, call, verdict, how, self.forwarded.root, bound_by
        )
        return self._prefixed(plan), note

    def helper_fix(
        self, call: cst.Call, info: HelperInfo, verdict: Verdict
    ) -> Tuple[Optional[FixPlan], str]:
        how = self._keeping(calls.helper_argument(call, info), verdict)
        plan, note = helper_call_fix(self.target, call, info, verdict, how, self.forwarded.root)
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
        return Decision(reading=reading, fix=fix_missing(target, reading, BY_NAME))
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
    plan, note = fix_missing(target, reading, way)
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
