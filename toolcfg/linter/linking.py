"""Fixes that reach into helpers: each finding's fix, with the fixes of the helpers it
needs carried out too, in whichever file they are.

The analysis of a file decides a helper's own fix (a config parameter, forwarded at its
calls) and a caller's fix names the helpers it relies on (``Fix.helpers``). Linking follows
those names, transitively and through cycles, and gathers the edits by file. A helper that
cannot be fixed takes the fix away from its callers, with the reason in their message.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, List, Mapping, Optional, Set, Tuple

from toolcfg.linter.findings import Edit, FileAnalysis, FileEdits, Finding, Fix, HelperFixRef


def link(analyses: Mapping[str, FileAnalysis]) -> Dict[str, Tuple[Finding, ...]]:
    """Each file's findings, with helper fixes resolved into edits."""
    helper_fixes: Dict[HelperFixRef, Tuple[Optional[Fix], str]] = {
        HelperFixRef(path, key): value
        for path, analysis in analyses.items()
        for key, value in analysis.helper_fixes.items()
    }
    return {
        path: tuple(_linked(path, finding, helper_fixes) for finding in analysis.findings)
        for path, analysis in analyses.items()
    }


def _linked(
    path: str, finding: Finding, helper_fixes: Mapping[HelperFixRef, Tuple[Optional[Fix], str]]
) -> Finding:
    fix = finding.fix
    if fix is None or not fix.helpers:
        return finding
    by_path: Dict[str, List[Edit]] = {path: list(fix.edits)}
    safe = fix.safe
    pending: List[HelperFixRef] = list(fix.helpers)
    seen: Set[HelperFixRef] = set()
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        found, reason = helper_fixes.get(ref, (None, " (no fix: the helper could not be analysed)"))
        if found is None:
            return dataclasses.replace(finding, message=finding.message + reason, fix=None)
        edits = by_path.setdefault(ref.path, [])
        edits.extend(edit for edit in found.edits if edit not in edits)
        safe = safe and found.safe
        pending.extend(found.helpers)
    own = tuple(by_path.pop(path))
    elsewhere = tuple(FileEdits(other, tuple(edits)) for other, edits in sorted(by_path.items()))
    return dataclasses.replace(finding, fix=Fix(own, safe, (), elsewhere))
