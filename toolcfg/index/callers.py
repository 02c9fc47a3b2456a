"""Direct callers: where project code (often a test) calls a target by its name. A fix
that adds a required parameter would break those calls, so the plan names them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from toolcfg.index.helpers import config_param
from toolcfg.index.model import NamedCall
from toolcfg.index.modules import FunctionRef
from toolcfg.index.resolve import Project
from toolcfg.index.targets import Targets, possible


@dataclass(frozen=True)
class CallSite:
    path: str
    line: int


def needs_callers(project: Project, targets: Targets) -> List[FunctionRef]:
    """The targets a fix may give a required parameter (those that take no config) and
    that other modules can call by name: module-level functions, not decorated ones (their
    name is bound to LangChain's tool or runnable, which passes the config itself). A
    helper gets a defaulted parameter, which no caller notices."""
    found = []
    for ref in targets.kinds:
        if ref in targets.decorated:
            continue
        function = project.function(ref)
        if (
            function is not None
            and function.owner is None
            and function.parent is None
            and config_param(function)[0] is None
            and possible(project, ref, targets)
        ):
            found.append(ref)
    return found


def find_callers(
    project: Project, refs: Iterable[FunctionRef], paths: Iterable[str]
) -> Dict[FunctionRef, List[CallSite]]:
    """Where the modules at ``paths`` call one of ``refs`` directly, by its name."""
    wanted = set(refs)
    found: Dict[FunctionRef, List[CallSite]] = defaultdict(list)
    for path in paths:
        module = project.module(path)
        if module is None:
            continue
        summary = module.summary
        records: List[Tuple[Optional[int], NamedCall]] = [(None, call) for call in summary.calls]
        records += [
            (index, call)
            for index, function in enumerate(summary.functions)
            for call in function.calls
        ]
        for inside, call in records:
            for ref in project.function_refs(call.callee, module.path, call.scope):
                if ref in wanted and (module.path, inside) != ref:
                    site = CallSite(module.path, call.line)
                    if site not in found[ref]:
                        found[ref].append(site)
    return dict(found)
