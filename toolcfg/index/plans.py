"""Plans: what the analysis of each file needs from the project (``FilePlan``), the only
thing the LibCST tier reads of it besides the file's summary.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from toolcfg import registry
from toolcfg.index.callers import CallSite
from toolcfg.index.decorators import hiding_decorator
from toolcfg.index.helpers import ConfigBuilder, HelperInfo, TaskCall
from toolcfg.index.model import CallKey, Summary
from toolcfg.index.modules import FunctionRef, Module
from toolcfg.index.registrations import AgentCall
from toolcfg.index.resolve import Project
from toolcfg.index.targets import Targets, possible
from toolcfg.registry import TargetKind


@dataclass(frozen=True)
class Planned:
    """A function the analysis must look inside, and what the project knows about it."""

    key: str
    kind: TargetKind
    #: The class it is a method of, for messages (``SearchTool._arun``).
    owner: Optional[str]
    #: Calls of the function by its name elsewhere in the project (tests, say): a fix that
    #: adds a required parameter would break them.
    callers: Tuple[CallSite, ...] = ()
    #: Calls inside it of helpers, by call key.
    helper_calls: Tuple[Tuple[CallKey, HelperInfo], ...] = ()
    #: ``.ainvoke(...)`` calls on a project class whose ``ainvoke`` takes no config.
    not_runnable: Tuple[CallKey, ...] = ()
    #: Calls inside it of project functions that build a config from one they are passed
    #: (``sub_config(runtime)``), by call key: what they return carries that config.
    config_builders: Tuple[Tuple[CallKey, ConfigBuilder], ...] = ()
    #: Tools: True when the tool is given an explicit ``args_schema``, so a parameter cannot
    #: leak into its schema; None when we cannot tell.
    schema: Optional[bool] = False
    #: Helpers: the kind of a target whose path they are on, whose rules they report under.
    via: Optional[TargetKind] = None
    #: Helpers: its ``config`` parameter is the application's settings (``config["model"]``),
    #: not a RunnableConfig, so it receives none and ``config`` is a name it already uses.
    settings_config: bool = False
    #: A decorator of the project that hides the function's signature (``@timed``), as
    #: spelled: LangChain and LangGraph read the wrapper's, so a parameter added to the
    #: function would never be passed, or be passed to a wrapper that does not take it.
    wrapped_by: Optional[str] = None
    #: A sync target whose every graph, chain or agent runs only synchronously: the config
    #: stays in the context, so its forwarding loses nothing (its declarations still count).
    sync_runs: bool = False
    #: Its calls of LangGraph ``@task`` functions, which fail on every async run on Python
    #: 3.9 and 3.10 whatever config is passed (TCF044 reports an entrypoint's).
    task_calls: Tuple[TaskCall, ...] = ()


@dataclass
class FilePlan:
    """What the analysis of one file needs from the project."""

    path: str
    package: Optional[str]
    summary: Summary = field(repr=False)
    functions: Dict[str, Planned] = field(default_factory=dict)
    agents: List[AgentCall] = field(default_factory=list)
    #: The keys of functions that something other than the function they are defined in
    #: runs (a tool's sync ``func``, built in a node): not part of that function.
    owned: Set[str] = field(default_factory=set)

    def fingerprint(self) -> str:
        """Everything about the plan that can change the file's findings, as text."""
        parts = [repr(sorted((key, _planned_text(p)) for key, p in self.functions.items()))]
        parts.append(repr([(a.start, a.end, a.text) for a in self.agents]))
        parts.append(repr(sorted(self.owned)))
        return "\n".join(parts)


def _planned_text(planned: Planned) -> Tuple[object, ...]:
    return (
        planned.kind.label,
        planned.owner,
        planned.callers,
        planned.helper_calls,
        planned.not_runnable,
        planned.config_builders,
        planned.schema,
        planned.via.label if planned.via is not None else None,
        planned.settings_config,
        planned.wrapped_by,
        planned.sync_runs,
        planned.task_calls,
    )


def plans(
    project: Project,
    targets: Targets,
    callers: Dict[FunctionRef, List[CallSite]],
    root: str,
    all_functions: bool = False,
) -> Dict[str, FilePlan]:
    """What the analysis of each file with a target, a helper or an agent needs.

    A target that can hold no finding is left out (unless ``all_functions``): one that
    makes no runnable or helper call, and has no parameter a declaration rule reads (one
    named ``config`` or annotated with ``RunnableConfig``). LibCST then never parses it.
    """
    result: Dict[str, FilePlan] = {}

    def module_of(path: str) -> Module:
        module = project.module(path)
        assert module is not None  # it holds a target, a helper or an agent
        return module

    def plan_of(path: str) -> FilePlan:
        if path not in result:
            module = module_of(path)
            result[path] = FilePlan(path, module.package, module.summary)
        return result[path]

    def add(
        ref: FunctionRef,
        kind: TargetKind,
        schema: Optional[bool] = False,
        via: Optional[TargetKind] = None,
    ) -> None:
        summary = module_of(ref.path).summary
        function = summary.functions[ref.position]
        owner = None if function.owner is None else summary.classes[function.owner].name
        plan_of(ref.path).functions[function.key] = Planned(
            function.key,
            kind,
            owner,
            callers=tuple(
                CallSite(os.path.relpath(site.path, root), site.line)
                for site in callers.get(ref, ())
            ),
            helper_calls=tuple(targets.helper_calls.get(ref, ())),
            not_runnable=tuple(targets.not_runnable.get(ref, ())),
            config_builders=tuple(targets.builder_calls.get(ref, ())),
            schema=schema,
            via=via,
            # A target's `config` is what LangChain injects, whatever the body reads from it.
            settings_config=kind is registry.HELPER and function.settings_config,
            wrapped_by=hiding_decorator(project, ref),
            sync_runs=ref in targets.sync_runs,
            task_calls=tuple(targets.task_calls.get(ref, ())),
        )

    for ref, kind in targets.kinds.items():
        if all_functions or possible(project, ref, targets):
            add(ref, kind, schema=targets.schemas.get(ref, False))
    for ref in targets.helpers:
        add(ref, registry.HELPER, via=targets.via.get(ref))
    for path, calls in targets.agents.items():
        plan_of(path).agents.extend(calls)
    for ref in targets.owned:
        if ref.path in result:
            result[ref.path].owned.add(module_of(ref.path).summary.functions[ref.position].key)
    return result
