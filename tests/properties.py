"""What a run must never do, checked on any source: one definition for the corpus sweep
(``scripts/corpus_sweep.py``) and the property tests (``tests/test_fix_properties.py``).

For a source, run as ``toolcfg check`` and ``--fix`` run it, alone in a project of its own:

- nothing raises, and nothing is reported as a bug in toolcfg;
- the fix never fails; the fixed text parses and compiles (when the source did);
- a second ``--fix`` changes nothing, and the fixed text has no finding ``--fix`` fixes;
- every edit lies where a fix may write (a signature, a runnable or helper call, an import,
  a renamed name) or, when it only moves whitespace, parentheses and commas, in a statement
  that holds one: the user's formatter laying out what the fix made too long;
- the json edits of all fixes, applied together, give ``--fix``'s text (before layout);
- the fixes' edits, carried out on the pieces of the module they change (each function
  parsed alone, the first statements for imports), give the text and the regions LibCST
  gives on the whole module;
- the superset tiers (the byte prefilter, the index's "can hold a finding" filter) never
  drop a finding: switched off, the findings are the same.
"""

from __future__ import annotations

import ast
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from toolcfg import registry
from toolcfg.codemods.apply import Regions
from toolcfg.files import decode
from toolcfg.importstyle import ImportStyle
from toolcfg.linter.findings import Edit, Finding
from toolcfg.pipeline import Tiers
from toolcfg.results import INTERNAL_ERROR, FileResult, Mode, Options, applicable
from toolcfg.runner import StdinFile, run
from toolcfg.settings import Overrides, Resolver
from toolcfg.textedits import TextEdit, apply_edits, text_edits

#: Kinds of violation.
CRASH = "crash"  # something raised
INTERNAL = "internal-error"  # toolcfg reported a bug of its own
FIX_FAILED = "fix-failed"  # the fix pipeline's own checks caught a failing fix
NOT_PARSING = "fixed-not-parsing"  # the fixed text does not parse or does not compile
NOT_IDEMPOTENT = "not-idempotent"  # a second --fix changes the fixed text
FIXABLE_AFTER_FIX = "fixable-after-fix"  # the fixed text still has a finding --fix fixes
NOOP_FIX = "no-op-fix"  # a finding --fix would fix, but the fix changes nothing
EDIT_OUTSIDE = "edit-outside"  # an edit where no fix writes
JSON_EDITS = "json-edits"  # the json edits do not give --fix's text
TIER_MISS = "tier-miss"  # a superset tier dropped a finding
PIECES = "pieces"  # carried out piece by piece, the edits give what the whole module does not
VIOLATIONS = (
    CRASH,
    INTERNAL,
    FIX_FAILED,
    NOT_PARSING,
    NOT_IDEMPOTENT,
    FIXABLE_AFTER_FIX,
    NOOP_FIX,
    EDIT_OUTSIDE,
    JSON_EDITS,
    TIER_MISS,
    PIECES,
)

#: Every rule, unused-noqa included, on the oldest target: every code path runs.
OVERRIDES = Overrides(extend_select=("TCF9",), target_version="py39")

Found = Tuple[str, int, int, str, str]


@dataclass
class Outcome:
    """What one source did, and what was wrong with it."""

    #: (code, line, column, message, fix: "safe", "unsafe" or "none") of the source.
    findings: List[Found] = field(default_factory=list)
    error: Optional[str] = None
    #: The fixed bytes, when the fix changed something.
    fixed: Optional[bytes] = None
    violations: List[Tuple[str, str]] = field(default_factory=list)


def check_alone(
    data: bytes,
    mode: Mode = Mode.CHECK,
    unsafe_fixes: bool = False,
    fix_edits: bool = False,
    tiers: Tiers = Tiers(),
    lay_out: bool = True,
) -> FileResult:
    """``data`` checked (or fixed) as the only module of a project of its own."""
    with tempfile.TemporaryDirectory(prefix="toolcfg-") as directory:
        path = Path(directory) / "module.py"
        options = Options(
            mode=mode, unsafe_fixes=unsafe_fixes, fix_edits=fix_edits, lay_out=lay_out
        )
        [result] = run(
            (),
            options,
            Resolver(OVERRIDES),
            stdin=StdinFile(path, data),
            tiers=tiers,
            root=Path(directory),
        )
    return result


def summary(result: FileResult) -> List[Found]:
    return [
        (
            f.code,
            f.start.line,
            f.start.column,
            f.message,
            "none" if f.fix is None else "safe" if f.fix.safe else "unsafe",
        )
        for f in result.findings
    ]


def fix_properties(data: bytes, unsafe_fixes: bool = False) -> Outcome:
    """Every property of checking and fixing ``data``."""
    outcome = Outcome()
    try:
        checked = check_alone(data, fix_edits=True)
    except Exception as error:  # that is the finding
        outcome.violations.append((CRASH, f"check: {type(error).__name__}: {error}"))
        return outcome
    outcome.error = checked.error
    if _internal(checked.error, outcome):
        return outcome
    outcome.findings = summary(checked)
    if checked.error is not None:
        return outcome  # cannot parse: check reports it, with exit 2
    try:
        outcome.violations.extend(tier_violations(data, outcome.findings))
    except Exception as error:
        outcome.violations.append((CRASH, f"tiers: {type(error).__name__}: {error}"))
    try:
        outcome.violations.extend(piece_violations(data, checked.findings))
    except Exception as error:
        outcome.violations.append((CRASH, f"pieces: {type(error).__name__}: {error}"))
    to_fix = [f for f in checked.findings if applicable(f, unsafe_fixes)]
    try:
        fixed_result = check_alone(data, Mode.DIFF, unsafe_fixes)
    except Exception as error:
        outcome.violations.append((CRASH, f"--fix: {type(error).__name__}: {error}"))
        return outcome
    if fixed_result.error is not None:
        if not _internal(fixed_result.error, outcome):
            kind = FIX_FAILED if fixed_result.error.startswith("the fix failed") else CRASH
            outcome.violations.append((kind, fixed_result.error))
        return outcome
    fixed = fixed_result.fixed_source
    if fixed is None or fixed == data:
        if to_fix:
            outcome.violations.append((NOOP_FIX, f"{len(to_fix)} fixable findings, no change"))
        return outcome
    outcome.fixed = fixed
    try:
        outcome.violations.extend(fixed_text_violations(data, fixed, unsafe_fixes, checked))
    except Exception as error:
        outcome.violations.append((CRASH, f"{type(error).__name__}: {error}"))
    return outcome


def _internal(error: Optional[str], outcome: Outcome) -> bool:
    if error is not None and error.startswith(INTERNAL_ERROR.split(";")[0]):
        outcome.violations.append((INTERNAL, error))
        return True
    return False


def fixed_text_violations(
    data: bytes, fixed: bytes, unsafe_fixes: bool, checked: FileResult
) -> List[Tuple[str, str]]:
    """What must hold of the fixed text; ``checked``: the check of ``data``, with edits."""
    import libcst

    violations: List[Tuple[str, str]] = []
    try:
        libcst.parse_module(fixed)
    except Exception as error:
        violations.append((NOT_PARSING, f"LibCST: {str(error).strip().splitlines()[0]}"))
    if compiles(data) and not compiles(fixed):
        violations.append((NOT_PARSING, "does not compile()"))
    if violations:
        return violations
    again = check_alone(fixed, Mode.DIFF, unsafe_fixes)
    if again.error is not None:
        violations.append((NOT_IDEMPOTENT, f"second --fix: {again.error}"))
    elif again.fixed_source is not None and again.fixed_source != fixed:
        violations.append((NOT_IDEMPOTENT, "a second --fix changes the text"))
    elif again.fixed_source is None:
        # Nothing changed, so what it reports is what the fixed text has.
        left = [f for f in again.findings if applicable(f, unsafe_fixes)]
        if left:
            codes = ", ".join(f"{f.code} at {f.start.line}:{f.start.column}" for f in left)
            violations.append((FIXABLE_AFTER_FIX, codes))
    violations.extend(edit_violations(data, fixed))
    violations.extend(json_edit_violations(data, unsafe_fixes, checked, fixed))
    return violations


def tier_violations(data: bytes, findings: Sequence[Found]) -> List[Tuple[str, str]]:
    """Switched off, a superset tier finds nothing more."""
    problems = []
    for name, tiers in (("prefilter", Tiers(prefilter=False)), ("possible", Tiers(possible=False))):
        unfiltered = summary(check_alone(data, tiers=tiers))
        missing = [item for item in unfiltered if item not in findings]
        if missing:
            codes = ", ".join(f"{code} at {line}:{column}" for code, line, column, *_ in missing)
            problems.append((TIER_MISS, f"the {name} tier dropped {codes}"))
    return problems


def piece_violations(data: bytes, findings: Sequence[Finding]) -> List[Tuple[str, str]]:
    """The edits of the safe fixes, of the unsafe ones, and of all, carried out on the
    pieces of the module they change, give the text and the regions each edit changed that
    LibCST gives on the whole module."""
    from toolcfg.codemods.apply import apply_text

    text = decode(data).text
    problems = []
    for safety in ({True}, {False}, {True, False}):
        edits = [
            edit
            for finding in findings
            if finding.fix is not None and finding.fix.safe in safety
            for edit in finding.fix.edits
        ]
        if not edits:
            continue
        expected_regions: Regions = {}
        try:
            expected = whole_apply(text, edits, expected_regions)
        except Exception:  # the whole module cannot be fixed: the pieces need not match
            continue
        regions: Regions = {}
        if apply_text(text, edits, ImportStyle(), regions) != expected:
            problems.append((PIECES, "the pieces give another text"))
        elif sorted_regions(regions) != sorted_regions(expected_regions):
            problems.append((PIECES, "the pieces give other regions"))
    return problems


def whole_apply(text: str, edits: Sequence[Edit], regions: Optional[Regions] = None) -> str:
    """The edits carried out by LibCST on the whole module, as toolcfg carried them out
    before it cut modules into pieces."""
    import libcst

    from toolcfg.codemods.apply import apply_edits, lost_tail

    module = libcst.parse_module(text)
    return apply_edits(module, edits, ImportStyle(), regions).code + lost_tail(module.code, text)


def sorted_regions(regions: Regions) -> Regions:
    return {edit: sorted(spans) for edit, spans in regions.items()}


def json_edit_violations(
    data: bytes,
    unsafe_fixes: bool,
    reported: Optional[FileResult] = None,
    fixed: Optional[bytes] = None,
) -> List[Tuple[str, str]]:
    """Applying every applicable fix's json edits gives ``--fix``'s first pass (before the
    formatter lays anything out); or, when it needed more passes, a text still fixable.

    With ``unsafe_fixes``: the edits of each safety are worked out apart (a safe fix's edits
    never carry an unsafe change), so an unsafe fix on the signature a safe fix changes
    overlaps it, and applies in a later pass, as ruff applies overlapping fixes. There, each
    safety's edits must apply on their own and give text that compiles.
    """
    if reported is None:
        reported = check_alone(data, fix_edits=True)
    if unsafe_fixes:
        return _each_safety_applies(data, reported)
    edits = [
        item.edit
        for finding, each in zip(reported.findings, reported.edits)
        if applicable(finding, unsafe_fixes) and each
        for item in each
        if item.path == reported.path
    ]
    text = decode(data).text
    try:
        applied = apply_edits(text, edits)
    except ValueError as error:
        return [(JSON_EDITS, f"the edits overlap: {error}")]
    if fixed is not None and applied == decode(fixed).text:
        return []
    plain = check_alone(data, Mode.DIFF, unsafe_fixes, lay_out=False).fixed_source
    if plain is not None and applied == decode(plain).text:
        return []
    if compiles(data) and not compiles(applied.encode("utf-8")):
        return [(JSON_EDITS, "applying the edits gives text that does not compile")]
    first_pass = check_alone(applied.encode("utf-8"))
    if not any(applicable(f, unsafe_fixes) for f in first_pass.findings):
        return [(JSON_EDITS, "applying the edits does not give the fixed text")]
    return []


def _each_safety_applies(data: bytes, reported: FileResult) -> List[Tuple[str, str]]:
    text = decode(data).text
    problems = []
    for safe in (True, False):
        edits = [
            item.edit
            for finding, each in zip(reported.findings, reported.edits)
            if finding.fix is not None and finding.fix.safe is safe and each
            for item in each
            if item.path == reported.path
        ]
        try:
            applied = apply_edits(text, edits)
        except ValueError as error:
            problems.append(
                (JSON_EDITS, f"the {'safe' if safe else 'unsafe'} edits overlap: {error}")
            )
            continue
        if compiles(data) and not compiles(applied.encode("utf-8")):
            problems.append((JSON_EDITS, "applying the edits gives text that does not compile"))
    return problems


def compiles(data: bytes) -> bool:
    """Does ``compile()`` accept it? Not only ``ast.parse``: that misses duplicate
    parameters, ``await`` outside ``async def`` and the like."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "<properties>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeError, MemoryError, RecursionError):
        return False
    return True


# -- where a fix may write ---------------------------------------------------------------

_WORD = re.compile(r"\w+\Z")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def edit_violations(before: bytes, after: bytes) -> List[Tuple[str, str]]:
    """Every edit between ``before`` and ``after`` lies where a fix may write.

    The edits are ``textedits.text_edits`` of the two texts (what the json format reports);
    applying them must give ``after``, so no other byte changed. Each lies in a region a fix
    edits (a function's signature, a runnable or helper call, an import statement), inserts
    whole import statements, renames a name inside a function; or moves only whitespace,
    parentheses and commas inside a statement that holds such a region (the formatter laying
    out what the fix made too long).
    """
    old, new = decode(before).text, decode(after).text
    edits = text_edits(old, new)
    if apply_edits(old, edits) != new:
        return [(EDIT_OUTSIDE, "applying the text edits does not give the fixed text")]
    starts = line_starts(old)
    regions, functions, statements = _regions(old, starts)
    problems = []
    for edit in edits:
        start = starts[edit.start.line - 1] + edit.start.column - 1
        end = starts[edit.end.line - 1] + edit.end.column - 1
        if _allowed(old, start, end, edit, regions, functions):
            continue
        if _layout_only(old[start:end], edit.content) and any(
            low <= start and end <= high and any(a < high and low < b for a, b in regions)
            for low, high in statements
        ):
            continue
        problems.append(
            (
                EDIT_OUTSIDE,
                f"{edit.start.line}:{edit.start.column}-{edit.end.line}:{edit.end.column} "
                f"replaces {old[start:end]!r} with {edit.content!r}",
            )
        )
    return problems


def _allowed(
    old: str,
    start: int,
    end: int,
    edit: TextEdit,
    regions: Sequence[Tuple[int, int]],
    functions: Sequence[Tuple[int, int]],
) -> bool:
    if any(low <= start and end <= high for low, high in regions):
        return True
    replaced = old[start:end]
    if _WORD.match(replaced) and _WORD.match(edit.content):  # a renamed use
        return any(low <= start and end <= high for low, high in functions)
    if replaced.strip() == "" and edit.content.strip():  # an inserted import line
        try:
            tree = ast.parse(edit.content.strip())
        except SyntaxError:
            return False
        return all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body)
    return False


def _layout_only(replaced: str, content: str) -> bool:
    before, after = "".join(replaced.split()), "".join(content.split())
    return before == after or set(before + after) <= set(",()")


def line_starts(text: str) -> List[int]:
    """Offsets of line starts, with Python's line breaks (not ``str.splitlines``')."""
    return [0] + [match.end() for match in _LINE_BREAK.finditer(text)] + [len(text)]


def _regions(
    text: str, starts: Sequence[int]
) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int]], List[Tuple[int, int]]]:
    """Character ranges of signatures, calls and imports; of whole functions; and of every
    statement (a compound statement's header only)."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    module = cst.parse_module(text)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

    def offset(position) -> int:  # type: ignore[no-untyped-def]
        return starts[position.line - 1] + position.column

    # A helper is a function of the module or one it imports, called by name, or a method
    # of one of its classes, called on ``self`` or ``cls``: a fix may pass it a config.
    defined = {
        statement.name.value for statement in module.body if isinstance(statement, cst.FunctionDef)
    }
    for line in module.body:
        for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                defined.update(
                    cst.ensure_type(
                        alias.asname.name if alias.asname else alias.name, cst.Name
                    ).value
                    for alias in small.names
                )
    methods = {
        member.name.value
        for node in positions
        if isinstance(node, cst.ClassDef)
        for member in node.body.body
        if isinstance(member, cst.FunctionDef)
    }
    regions: List[Tuple[int, int]] = []
    functions: List[Tuple[int, int]] = []
    statements: List[Tuple[int, int]] = []
    for node, where in positions.items():
        if isinstance(node, cst.FunctionDef):
            header = (offset(positions[node.name].start), offset(positions[node.body].start))
            regions.append(header)
            functions.append((offset(where.start), offset(where.end)))
            statements.append(header)
        elif isinstance(node, cst.Call):
            func = node.func
            method = func.attr.value if isinstance(func, cst.Attribute) else None
            helper = (isinstance(func, cst.Name) and func.value in defined) or (
                method in methods
                and isinstance(func, cst.Attribute)
                and isinstance(func.value, cst.Name)
                and func.value.value in ("self", "cls")
            )
            if method in registry.RUNNABLE_METHODS or helper:
                regions.append((offset(where.start), offset(where.end)))
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            regions.append((offset(where.start), offset(where.end)))
        if isinstance(node, cst.SimpleStatementLine):
            # Up to the start of the next line: a layout may end the statement on a new one.
            end = where.end
            statements.append((offset(where.start), starts[min(end.line, len(starts) - 1)]))
        elif isinstance(node, cst.BaseCompoundStatement) and hasattr(node, "body"):
            statements.append((offset(where.start), offset(positions[node.body].start)))
    return regions, functions, statements
