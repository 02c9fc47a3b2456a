"""What a fix writes to pass the config on: the parameter a function that takes none gets,
and the config each call that drops it passes instead.

``forwarding.py`` decides which calls lose the config and asks here for each one's fix, or
for why there is none (the note after the message): a wrapper that passes no config on, a
name that means something else where the call is, a family's ``Forwarder`` that cannot be
written. A config the author passed is merged with ours (``merge_configs``) rather than
replaced, so their intent stays.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

import libcst as cst

from toolcfg import registry
from toolcfg.index.helpers import HelperInfo
from toolcfg.linter import annotations as types
from toolcfg.linter import calls
from toolcfg.linter import spelling as spellings
from toolcfg.linter.calls import Verdict
from toolcfg.linter.changes import AddParam, Change, FixPlan, Forward, Import, Replace
from toolcfg.linter.findings import HelperFixRef
from toolcfg.linter.receiving import ConfigSource, Forwarder, Reading, Way
from toolcfg.linter.target import FileFacts, Target


def fix_missing(target: Target, reading: Reading, way: Way) -> Tuple[Optional[FixPlan], str]:
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
        each, each_note = runnable_call_fix(target, call, verdict, how, name)
        if each is None:
            return None, each_note
        plan = plan + each
    for call, info, verdict in reading.helpers_dropping:
        each, each_note = helper_call_fix(target, call, info, verdict, how, name)
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


def runnable_call_fix(
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


def helper_call_fix(
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
