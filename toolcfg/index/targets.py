"""What the project pass finds: every target registered, decorated or subclassed, and
every helper on their paths.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

from toolcfg import registry
from toolcfg.index.arguments import Search, handed_targets
from toolcfg.index.helpers import ConfigBuilder, HelperInfo, Helpers, TaskCall
from toolcfg.index.model import CallKey, RunMode
from toolcfg.index.modules import FunctionRef, Module
from toolcfg.index.registrations import (
    AgentCall,
    Handed,
    Registered,
    Runs,
    definition_targets,
    site_targets,
)
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
    #: The ``create_agent(...)`` calls whose agent can run async, by file.
    agents: Dict[str, List[AgentCall]]
    #: Sync targets whose every graph, chain or agent runs only synchronously: they lose
    #: nothing (docs/facts.md, "How the function is run decides the loss").
    sync_runs: Set[FunctionRef]
    #: For each target or helper: its calls of config builders.
    builder_calls: Dict[FunctionRef, List[Tuple[CallKey, ConfigBuilder]]]
    #: Functions a registering call runs without registering them (a tool's sync
    #: ``func``): their calls are never those of the function they are defined in.
    owned: FrozenSet[FunctionRef] = frozenset()
    #: For each target or helper: its calls of LangGraph ``@task`` functions.
    task_calls: Dict[FunctionRef, List[TaskCall]] = field(default_factory=dict)


#: Can another module reach the module at this path (import it, serve its graph)?
Reachable = Callable[[str], bool]


def find_targets(
    project: Project,
    modules: Iterable[Module],
    reachable: Reachable = lambda path: True,
    search: Optional[Search] = None,
) -> Targets:
    """Every target registered, decorated or subclassed in ``modules``, and every helper on
    their paths (loading whatever modules that takes). A function registered twice keeps
    the kind of its definition (decorator, base class), else of its first registration.
    ``reachable`` says whether a value bound at a module's top level can be run from
    elsewhere; by default every module's can. ``search`` finds the files that may call a
    function, to follow what a function that registers its parameters is passed
    (``arguments.py``); a function registered so has no known run and is judged."""
    kinds: Dict[FunctionRef, TargetKind] = {}
    schemas: Dict[FunctionRef, Optional[bool]] = {}
    found_agents: Dict[str, List[Tuple[AgentCall, Registered]]] = defaultdict(list)
    runs: Runs = {}
    handed: List[Handed] = []
    owned: Set[FunctionRef] = set()
    modules = list(modules)
    for module in modules:
        definition_targets(project, module, kinds, schemas, runs)
    for module in modules:
        site_targets(project, module, kinds, schemas, found_agents, runs, handed, owned)
    if handed:
        handed_targets(project, handed, kinds, schemas, runs, search)
    sync_runs = {
        ref
        for ref in kinds
        if (function := project.function(ref)) is not None
        and not function.is_async
        and runs.get(ref)
        and all(_sync_only(each, reachable) for each in runs[ref])
    }
    helpers = Helpers(project, kinds, frozenset(owned))
    for target, kind in list(kinds.items()):
        if target not in sync_runs:  # a helper of a sync-only run loses nothing either
            helpers.visit(target, kind)
    agents = {
        path: kept
        for path, calls in found_agents.items()
        if (kept := [call for call, each in calls if not _sync_only(each, reachable)])
    }
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
        agents,
        sync_runs,
        helpers.builder_calls,
        helpers.owned,
        helpers.tasks,
    )


def _sync_only(registered: Registered, reachable: Reachable) -> bool:
    """Is what this registration went into run only synchronously? A value bound at a
    module's top level may be run from anywhere that can import it: it is run only as its
    module shows when the module runs it itself (a script) and nothing can reach it."""
    run = registered.run
    if run.mode is not RunMode.SYNC:
        return False
    return not run.module_names or (run.ran and not reachable(registered.path))


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
