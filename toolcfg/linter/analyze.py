"""What is wrong inside the functions LangChain runs, and how to fix it: the driver.

The index decided which functions those are (``FilePlan``); this module parses them with
LibCST (``sources.py``) and asks the rule family of each function's kind to decide
(``toolcfg/rules/<family>/check.py``): whether a call drops the config, passes a foreign
one, or passes on one that files a tool's inner runs beside it, and whether the config
parameter is one LangChain fills in. Helpers are decided as the forwarding every family
shares decides them (``forwarding.py``). Each decision records the nodes it looked at;
``fixes.py`` turns them into positions. The analysis is pure: no I/O, no global state, and
it never imports the code it reads.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from toolcfg import registry
from toolcfg.index.plans import FilePlan
from toolcfg.linter import forwarding, sources
from toolcfg.linter.changes import FixPlan
from toolcfg.linter.context import Context
from toolcfg.linter.facts import Function, collect
from toolcfg.linter.findings import FileAnalysis, Finding
from toolcfg.linter.fixes import to_fix
from toolcfg.linter.suppression import apply_noqa
from toolcfg.linter.target import Check, FileFacts, Problem, Target
from toolcfg.registry import TargetKind
from toolcfg.rules import family_of
from toolcfg.rules.agents import check as agents
from toolcfg.rules.lambdas import check as lambdas
from toolcfg.rules.middleware import check as middleware
from toolcfg.rules.nodes import check as nodes
from toolcfg.rules.tools import check as tools
from toolcfg.textedits import split_lines

#: The check of each kind of function LangChain or LangGraph runs, from its family.
CHECKS: Dict[TargetKind, Check] = {
    kind: check
    for module in (tools, lambdas, nodes, middleware)
    for check in module.CHECKS
    for kind in check.kinds
}


def analyze_file(
    text: str,
    plan: FilePlan,
    context: Context = Context(),
    module: Optional[cst.Module] = None,
) -> FileAnalysis:
    """The findings of one file, for the functions its plan names.

    With ``module`` (the file already parsed, as a codemod has it) the functions are taken
    from it; otherwise each is parsed on its own (``sources.py``).
    """
    lines = split_lines(text, keepends=True)
    records = {record.key: record for record in plan.summary.functions}
    functions: Dict[str, Function] = {}
    sources_of: Dict[str, sources.Source] = {}
    if plan.functions:
        whole: Optional[sources.Source] = sources.whole(module) if module is not None else None
        if whole is None:
            for key in sources.roots(records, tuple(k for k in plan.functions if k in records)):
                piece = sources.segment(lines, records[key])
                found = collect(piece.module, key) if piece is not None else {}
                if piece is None or key not in found:
                    whole = sources.whole(cst.parse_module(text))
                    break
                for inner_key, function in found.items():
                    functions[inner_key] = function
                    sources_of[inner_key] = piece
        if whole is not None:
            functions = collect(whole.module)
            sources_of = dict.fromkeys(functions, whole)
    bare_lines = [line.rstrip("\r\n") for line in lines]
    file = FileFacts(plan, records, bare_lines, style=context.style)
    problems: List[Problem] = []
    helper_plans: Dict[str, Tuple[Optional[FixPlan], str]] = {}
    for key, planned in plan.functions.items():
        parsed = functions.get(key)
        if parsed is None:
            continue
        target = Target(file, parsed, planned, sources_of[key])
        if planned.kind is registry.HELPER:
            decision = forwarding.helper(target, family_of(planned.via))
            problems.extend(decision.problems)
            if decision.fix is not None:
                helper_plans[key] = decision.fix
        else:
            problems.extend(CHECKS[planned.kind].decide(target))
    findings = [
        finding for problem in problems if (finding := _finding(problem, context)) is not None
    ]
    findings.extend(agents.findings(plan, lines, context))
    kept = apply_noqa(findings, bare_lines, context.selected)
    helper_fixes = {}
    for key, (fix_plan, reason) in helper_plans.items():
        source = sources_of[key]
        helper_fixes[key] = (to_fix(fix_plan, source.start), reason)
    return FileAnalysis(
        tuple(sorted(kept, key=lambda finding: (finding.start, finding.code))), helper_fixes
    )


def _finding(problem: Problem, context: Context) -> Optional[Finding]:
    rule = problem.rule
    if not context.selected(rule.code):
        return None
    when = context.bites(rule.condition_of(problem.variant, problem.qualifier))
    if when is None:
        return None
    message = rule.message(problem.variant, when=when, **problem.fields) + problem.note
    source = problem.source
    return Finding(
        code=rule.code,
        message=message,
        start=source.start(problem.anchor),
        end=source.end(problem.span),
        fix=to_fix(problem.fix, source.start),
    )
