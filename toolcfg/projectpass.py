"""The project pass as one call: which functions LangChain or LangGraph runs, across the
project's modules, and each file's plan for the analysis.

    candidates' summaries -> targets and helpers -> direct callers -> plans

It reads modules through ``load`` and files' bytes through ``mentions`` (both
``pipeline``'s, which remember by content hash), so what it read can be recorded for the
next check (``incremental``). ``pipeline`` imports it only when a check runs the pass.
"""

from __future__ import annotations

import os
import re
from typing import Callable, Dict, Iterable, List, Sequence

from toolcfg.exports import Exports
from toolcfg.index.callers import CallSite, find_callers, needs_callers
from toolcfg.index.modules import FunctionRef, Loader
from toolcfg.index.plans import FilePlan, plans
from toolcfg.index.resolve import Project
from toolcfg.index.targets import Targets, find_targets

#: Does the file at this path match the pattern? (and the literals one of which every
#: match holds, when there are such).
Mentions = Callable[[str, "re.Pattern[bytes]", Sequence[bytes]], bool]


def project_plans(
    root: str,
    candidates: Sequence[str],
    everything: Sequence[str],
    load: Loader,
    mentions: Mentions,
    all_functions: bool = False,
    is_file: Callable[[str], bool] = os.path.isfile,
) -> Dict[str, FilePlan]:
    """The plan of each file with a target, a helper or an agent call, decided from the
    modules ``candidates`` (those that may register something) over ``everything``;
    ``is_file`` looks at the disk for the imports it follows."""
    project = Project(root, load, is_file)
    modules = [module for path in candidates if (module := project.module(path)) is not None]
    targets = find_targets(
        project,
        modules,
        Exports(root, everything, lambda path, pattern: mentions(path, pattern, ())),
        lambda names: calling(names, everything, mentions),
    )
    callers = _callers(project, targets, everything, mentions)
    return plans(project, targets, callers, root, all_functions=all_functions)


def _callers(
    project: Project, targets: Targets, everything: Sequence[str], mentions: Mentions
) -> Dict[FunctionRef, List[CallSite]]:
    """Direct calls, anywhere in the project, of what a fix may give a parameter: only
    the files whose bytes name one of those functions are summarised for it."""
    refs = needs_callers(project, targets)
    if not refs:
        return {}
    names = {function.name for ref in refs if (function := project.function(ref)) is not None}
    return find_callers(project, refs, calling(names, everything, mentions))


def calling(names: Iterable[str], everything: Sequence[str], mentions: Mentions) -> List[str]:
    """The files whose bytes may call one of ``names`` (``name(``, not ``def name(``)."""
    words = sorted({name.encode() for name in names})
    pattern = re.compile(
        rb"(?<![\w])(?<!def )(?<!class )(?:"
        + b"|".join(re.escape(word) for word in words)
        + rb")\s*\("
    )
    return [path for path in everything if mentions(path, pattern, words)]
