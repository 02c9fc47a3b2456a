"""What the project pass finds: every target registered, decorated or subclassed, and
every helper on their paths.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from toolcfg import registry
from toolcfg.index.helpers import HelperInfo, Helpers, TaskCall
from toolcfg.index.model import CallKey
from toolcfg.index.modules import FunctionRef, Module
from toolcfg.index.registrations import AgentCall, definition_targets, site_targets
from toolcfg.index.resolve import Project
from toolcfg.registry import TargetKind


@dataclass
class Targets:
    """What the project pass found."""

    kinds: Dict[FunctionRef, TargetKind]
    #: Tools: whether they are given an explicit ``args_schema`` (None: cannot tell).
    schemas: Dict[FunctionRef, Optional[bool]]
    #: Targets made by a decorator: their name is bound to what the decorator returns.
    decorated: Set[FunctionRef]
    helpers: Dict[FunctionRef, HelperInfo]
    #: For each helper, the kind of a target whose path it is on.
    via: Dict[FunctionRef, TargetKind]
    #: For each target or helper: its helper calls.
    helper_calls: Dict[FunctionRef, List[Tuple[CallKey, HelperInfo]]]
    not_runnable: Dict[FunctionRef, List[CallKey]]
    agents: Dict[str, List[AgentCall]]
    #: Functions a registering call runs without registering them (a tool's sync
    #: ``func``): their calls are never those of the function they are defined in.
    owned: FrozenSet[FunctionRef] = frozenset()
    #: For each target or helper: its calls of LangGraph ``@task`` functions.
    task_calls: Dict[FunctionRef, List[TaskCall]] = field(default_factory=dict)


def find_targets(project: Project, modules: Iterable[Module]) -> Targets:
    """Every target registered, decorated or subclassed in ``modules``, and every helper on
    their paths (loading whatever modules that takes). A function registered twice keeps
    the kind of its definition (decorator, base class), else of its first registration."""
    kinds: Dict[FunctionRef, TargetKind] = {}
    schemas: Dict[FunctionRef, Optional[bool]] = {}
    agents: Dict[str, List[AgentCall]] = defaultdict(list)
    owned: Set[FunctionRef] = set()
    modules = list(modules)
    for module in modules:
        definition_targets(project, module, kinds, schemas)
    for module in modules:
        site_targets(project, module, kinds, schemas, agents, owned)
    helpers = Helpers(project, kinds, frozenset(owned))
    for target, kind in list(kinds.items()):
        helpers.visit(target, kind)
    decorated = {
        ref
        for ref, kind in kinds.items()
        if kind in (registry.TOOL, registry.RUNNABLE_LAMBDA, registry.ENTRYPOINT)
        and (function := project.function(ref)) is not None
        and function.decorators
    }
    return Targets(
        kinds,
        schemas,
        decorated,
        helpers.infos,
        helpers.via,
        helpers.calls,
        helpers.not_runnable,
        dict(agents),
        helpers.owned,
        helpers.tasks,
    )


def possible(project: Project, ref: FunctionRef, targets: Targets) -> bool:
    """Can the analysis find anything in this target? (A superset: it may say yes.)"""
    module = project.module(ref.path)
    if module is None:
        return False
    functions = module.summary.functions
    function = functions[ref.position]
    if any(param.takes_runnable_config for param in function.params):
        return True
    if targets.helper_calls.get(ref) or targets.task_calls.get(ref):
        return True
    for index in range(ref.position, len(functions)):
        member = functions[index]
        if member.first > function.last:
            break
        nested = FunctionRef(ref.path, index)
        if member.runnable and (
            index == ref.position or (nested not in targets.kinds and nested not in targets.owned)
        ):
            return True
    return False
