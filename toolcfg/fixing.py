"""Carrying out fixes: apply every applicable fix of the project's files, fix again while
something is fixable, and check each result before anything is written.

A fix is checked (``fixchecks.py``) for what must never happen: the text must parse, compile when the
original compiled, read no name that nothing defines where it used to resolve (a rename
that missed a reference), and keep every byte LibCST does not touch. LibCST parses only
the pieces of a text that a fix changed (``toolcfg.codemods.pieces``); ``compile()`` reads
it whole. A fix that fails leaves its files as they were and is reported as a bug in
toolcfg. Lines a fix made too long are then handed to the user's formatter
(``toolcfg.formatting``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Callable,
    Dict,
    FrozenSet,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from toolcfg.fixchecks import FixError, check

# The language server reads ``fixing.compiles`` (``toolcfg/server/session.py``).
from toolcfg.fixchecks import compiles as compiles
from toolcfg.linter.findings import AddImport, Edit, Finding, Position
from toolcfg.memo import Memo
from toolcfg.pipeline import Checked, Progress, ProjectFiles, Tiers, check_project
from toolcfg.results import applicable
from toolcfg.settings import Resolver
from toolcfg.textedits import TextEdit, text_edits
from toolcfg.workspace import Workspace

if TYPE_CHECKING:
    from toolcfg.formatting import LayOut

#: ``--fix`` applies the fixes, then fixes the result again while something is fixable.
MAX_FIX_PASSES = 10

Findings = Mapping[str, Tuple[Finding, ...]]


@dataclass
class Outcome:
    """What fixing did to each file."""

    #: The text of each file before and after the fixes, for the files they changed.
    before: Dict[str, str]
    after: Dict[str, str]
    #: What is left: the check of the fixed texts.
    remaining: Checked
    #: The codes of the findings fixed, by file.
    fixed: Dict[str, List[str]] = field(default_factory=dict)
    #: Files a fix failed in, and why; they were left as they were.
    errors: Dict[str, str] = field(default_factory=dict)
    #: Lines of the fixed text the formatter laid out, from 1, inclusive, by file.
    laid_out: Dict[str, Tuple[Tuple[int, int], ...]] = field(default_factory=dict)
    #: Statements a fix made too long that were left as the fix wrote them, and why.
    unformatted: Dict[str, Tuple[str, ...]] = field(default_factory=dict)


def fix_project(
    workspace: Workspace,
    project: ProjectFiles,
    resolver: Resolver,
    memo: Memo,
    unsafe_fixes: bool,
    first: Optional[Checked] = None,
    writable: Optional[FrozenSet[str]] = None,
    lay_out: Optional[LayOut] = None,
    tiers: Tiers = Tiers(),
    parallel: bool = False,
    progress: Optional[Progress] = None,
) -> Outcome:
    """Fix until nothing applicable is left, or ``MAX_FIX_PASSES`` passes, checking the
    project again after each pass: the memo makes that cost only the files the pass
    changed and those whose plan it changed. ``first``: the check of ``workspace``, when
    already made. A fix that would change a file outside ``writable`` is not applied.
    Nothing is written: the caller writes ``Outcome.after``."""

    def recheck(current: Workspace) -> Checked:
        if progress is None:
            return check_project(current, project, resolver, memo, tiers, parallel)
        return check_project(current, project, resolver, memo, tiers, parallel, progress)

    checked = first if first is not None else recheck(workspace)
    first_findings = checked.findings
    current: Dict[str, str] = {}
    errors: Dict[str, str] = {}

    def text_of(path: str) -> str:
        return current[path] if path in current else workspace.source(path).text

    for _ in range(MAX_FIX_PASSES):
        edits, touched = _edits(checked.findings, unsafe_fixes, set(errors), writable)
        if not edits:
            break
        changed: Dict[str, str] = {}
        failed: Dict[str, str] = {}
        for done, (path, file_edits) in enumerate(edits.items(), start=1):
            if progress is not None:
                progress("fixed", done, len(edits))
            try:
                before = text_of(path)
                new = apply(resolver, path, before, file_edits)
                check(before, new)
            except RecursionError:  # the user's code, deeper than Python's recursion limit
                failed[path] = (
                    "the code is nested too deeply to fix, so the file was left unchanged"
                )
            except Exception as error:  # a bug in toolcfg: keep the file as it is
                failed[path] = (
                    f"the fix failed, so the file was left unchanged ({type(error).__name__}: "
                    f"{error}); please report this"
                )
            else:
                changed[path] = new
        tainted = _tainted(failed, touched)
        for path in tainted - set(failed):
            failed[path] = (
                "a fix that also changes another file failed, so this file was left unchanged"
            )
        errors.update(failed)
        progressed = False
        for path, new in changed.items():
            if path not in tainted and new != text_of(path):
                current[path] = new
                progressed = True
        if not progressed:
            break
        checked = recheck(workspace.layer(current))
    for path in errors:
        current.pop(path, None)
    originals = {path: workspace.source(path).text for path in current}
    edited = [path for path in current if current[path] != originals[path]]
    outcome = Outcome(
        {path: originals[path] for path in edited},
        {path: current[path] for path in edited},
        checked,
        {
            path: _fixed_codes(first_findings.get(path, ()), checked.findings.get(path, ()))
            for path in edited
        },
        errors,
    )
    if lay_out is not None and edited:
        _lay_out(outcome, lay_out)
        if outcome.after != current and any(checked.findings.values()):
            # Positions moved with the layout.
            outcome.remaining = recheck(workspace.layer(outcome.after))
    return outcome


def _lay_out(outcome: Outcome, lay_out: LayOut) -> None:
    """The user's formatter lays out what the fixes made too long; a layout that would
    break the file (the formatter's problem) is not taken."""
    for path in list(outcome.after):
        text, lines, left = lay_out(path, outcome.before[path], outcome.after[path])
        if text != outcome.after[path]:
            try:
                check(outcome.after[path], text)
            except FixError:
                continue
            outcome.after[path] = text
        outcome.laid_out[path] = lines
        if left:
            outcome.unformatted[path] = left


def apply(
    resolver: Resolver,
    path: str,
    text: str,
    edits: Sequence[Edit],
    regions: Optional[Dict[Edit, List[Tuple[Position, Position]]]] = None,
) -> str:
    """``text`` with ``edits`` carried out, new imports placed as the project's isort
    settings place them."""
    from toolcfg.codemods.apply import apply_text
    from toolcfg.importconfig import import_style

    style = import_style(Path(path).parent, resolver.files)
    return apply_text(text, edits, style, regions)


def _edits(
    findings: Findings,
    unsafe_fixes: bool,
    exclude: Set[str],
    writable: Optional[FrozenSet[str]],
) -> Tuple[Dict[str, List[Edit]], List[FrozenSet[str]]]:
    """Every applicable fix's edits, by file, each once, in order; and, per fix, the files
    it touches."""
    by_path: Dict[str, Dict[Edit, None]] = {}
    touched: List[FrozenSet[str]] = []
    for path, found in findings.items():
        for finding in found:
            if not applicable(finding, unsafe_fixes) or finding.fix is None:
                continue
            parts = [(path, finding.fix.edits)] + [
                (other.path, other.edits) for other in finding.fix.elsewhere
            ]
            files = frozenset(part for part, _ in parts)
            if files & exclude or (writable is not None and not files <= writable):
                continue
            touched.append(files)
            for part, edits in parts:
                by_path.setdefault(part, {}).update(dict.fromkeys(edits))
    return {path: list(edits) for path, edits in by_path.items()}, touched


def _tainted(failed: Mapping[str, str], touched: Sequence[FrozenSet[str]]) -> Set[str]:
    """The files a failed file drags down: those sharing a fix with it, transitively."""
    tainted = set(failed)
    grown = True
    while grown:
        grown = False
        for files in touched:
            if files & tainted and not files <= tainted:
                tainted |= files
                grown = True
    return tainted


def _fixed_codes(before: Sequence[Finding], after: Sequence[Finding]) -> List[str]:
    remaining = [finding.code for finding in after]
    fixed = []
    for finding in before:
        if finding.code in remaining:
            remaining.remove(finding.code)
        else:
            fixed.append(finding.code)
    return fixed


#: (path, text, edits, regions to fill) -> the text with the edits carried out.
ApplyTracked = Callable[
    [str, str, Sequence[Edit], Dict[Edit, List[Tuple[Position, Position]]]], str
]


def finding_edits(
    path: str,
    findings: Sequence[Finding],
    text_of: Callable[[str], str],
    apply: ApplyTracked,
) -> Tuple[Optional[Tuple[Tuple[str, TextEdit], ...]], ...]:
    """Each finding's fix as text edits, ``(path, edit)`` pairs, for editors and the json,
    sarif and full formats.

    Worked out in one pass per file and safety: every safe fix is carried out at once, the
    text is diffed once, and each text edit goes to the fixes whose changes it lies in (and
    likewise, apart, the unsafe ones). Fixes that touch one signature or one call share the
    edits there, so applying every safe fix's edits (an edit repeated by several fixes once)
    gives the text ``--fix`` writes before the formatter lays it out.
    """
    result: List[Optional[Tuple[Tuple[str, TextEdit], ...]]] = [None] * len(findings)
    for safe in (True, False):
        group = [
            index
            for index, finding in enumerate(findings)
            if finding.fix is not None and finding.fix.safe is safe
        ]
        worked = _finding_edits(path, [findings[index] for index in group], text_of, apply)
        for index, edits in zip(group, worked):
            result[index] = edits
    return tuple(result)


def _finding_edits(
    path: str,
    findings: Sequence[Finding],
    text_of: Callable[[str], str],
    apply: ApplyTracked,
) -> List[Optional[Tuple[Tuple[str, TextEdit], ...]]]:
    by_file: Dict[str, Dict[Edit, None]] = {}  # each file's edits, in order, each once
    for finding in findings:
        for part, edits in _parts(path, finding):
            by_file.setdefault(part, {}).update(dict.fromkeys(edits))
    worked_out: Dict[str, _Claims] = {}
    for part, part_edits in by_file.items():
        regions: Dict[Edit, List[Tuple[Position, Position]]] = {}
        before = text_of(part)
        after = apply(part, before, list(part_edits), regions)
        worked_out[part] = _claims(text_edits(before, after), regions)
    result: List[Optional[Tuple[Tuple[str, TextEdit], ...]]] = []
    for finding in findings:
        if finding.fix is None:
            result.append(None)
            continue
        mine: List[Tuple[str, TextEdit]] = []
        for part, edits in _parts(path, finding):
            claims = worked_out[part]
            chosen = {index for edit in edits for index in claims.by_edit.get(edit, ())}
            if any(isinstance(edit, AddImport) for edit in edits):
                chosen.update(claims.unclaimed)
            mine.extend((part, claims.diffs[index]) for index in sorted(chosen))
        result.append(tuple(mine))
    return result


@dataclass(frozen=True)
class _Claims:
    """A file's text edits, and which of them lie in the regions each edit changed."""

    diffs: List[TextEdit]
    #: For each edit, the indexes in ``diffs`` of the text edits in its regions.
    by_edit: Dict[Edit, List[int]]
    #: The text edits in no edit's region: the imports, which have none.
    unclaimed: List[int]


def _claims(
    diffs: List[TextEdit], regions: Mapping[Edit, Sequence[Tuple[Position, Position]]]
) -> _Claims:
    """Which text edits lie in which edit's regions, found in time that grows with the
    file's edits, not with their product by its findings: ``diffs`` come in order and do
    not overlap, so those a region overlaps follow one another."""
    ends = [diff.end for diff in diffs]
    by_edit: Dict[Edit, List[int]] = {}
    claimed: Set[int] = set()
    for edit, spans in regions.items():
        found = by_edit.setdefault(edit, [])
        for start, end in spans:
            index = bisect.bisect_left(ends, start)
            while index < len(diffs) and diffs[index].start <= end:
                found.append(index)
                claimed.add(index)
                index += 1
    unclaimed = [index for index in range(len(diffs)) if index not in claimed]
    return _Claims(diffs, by_edit, unclaimed)


def _parts(path: str, finding: Finding) -> List[Tuple[str, Tuple[Edit, ...]]]:
    if finding.fix is None:
        return []
    return [(path, finding.fix.edits)] + [
        (other.path, other.edits) for other in finding.fix.elsewhere
    ]
