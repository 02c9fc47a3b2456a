"""Checking sources: index them, decide what LangChain runs, analyse those functions and
link the fixes that reach across files.

This is the path every way of running toolcfg takes (the runner for a project, the
codemod for one module, the tests), so it holds no file system access of its own: the
runner hands it a loader.
"""

from __future__ import annotations

import os
from typing import Callable, Dict, Mapping, Optional, Tuple, Union

import libcst as cst

from toolcfg.files import decode
from toolcfg.index.project import FilePlan, Module, Project, find_targets, plans
from toolcfg.index.summary import summarize
from toolcfg.linter.analyze import Context, analyze_file
from toolcfg.linter.findings import FileAnalysis, Finding
from toolcfg.linter.linking import link


def analyze_source(
    source: Union[str, bytes],
    context: Context = Context(),
    path: str = "<source>",
    module: Optional[cst.Module] = None,
) -> Tuple[Finding, ...]:
    """The findings of one module on its own: what LangChain runs is decided from this
    module alone, and helpers in it are fixed with their callers. Raises ``SyntaxError``
    (or LibCST's ``ParserSyntaxError``)."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    text = source if isinstance(source, str) else decode(source).text
    path = os.path.abspath(path)
    single = Module(path, "", None, summarize(data), "")
    project = Project(os.path.dirname(path), lambda wanted: single if wanted == path else None)
    project.module(path)
    targets = find_targets(project, [single])
    plan = plans(project, targets, {}, os.path.dirname(path)).get(
        path, FilePlan(path, "", single.summary)
    )
    return check({path: text}, {path: plan}, lambda _: context, modules={path: module})[path]


def check(
    texts: Mapping[str, str],
    file_plans: Mapping[str, FilePlan],
    context_for: Callable[[str], Context],
    modules: Optional[Mapping[str, Optional[cst.Module]]] = None,
) -> Dict[str, Tuple[Finding, ...]]:
    """Analyse each planned file and link helper fixes across them."""
    analyses: Dict[str, FileAnalysis] = {}
    for path, plan in file_plans.items():
        module = (modules or {}).get(path)
        analyses[path] = analyze_file(texts[path], plan, context_for(path), module)
    return link(analyses)
