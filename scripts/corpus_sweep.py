"""Sweep ``toolcfg check`` and ``--fix`` over a real corpus and prove the fix never breaks a file.

    python scripts/corpus_sweep.py                       # the pinned wheels of bench/bench.py
    python scripts/corpus_sweep.py --path DIR [--path DIR]   # directories already on disk
    python scripts/corpus_sweep.py --limit 300 --findings-under langchain_community/tools

It downloads the pinned wheels of ``bench/bench.py`` (langchain-community, langchain 0.3,
langchain-core, langgraph, langgraph-prebuilt, langchain-openai, langchain-text-splitters,
pydantic and django) and the agent and graph packages of ``APPLICATIONS`` (deepagents,
open-deep-research, langmem, langgraph-supervisor, ...) with ``pip download --no-deps``
into a cache directory outside the
repository (default ``~/.cache/toolcfg-corpus``), unpacks their ``.py`` files, and runs
every file through ``toolcfg.runner.check_source`` in a process pool:

- as ``toolcfg check --fix --diff`` does, byte prefilter included, and, for every file the
  prefilter rules out, once more with the prefilter disabled, so that every file of the
  corpus is parsed and analysed;
- with safe fixes, and again with ``--unsafe-fixes`` when a finding has an unsafe fix.

For every run it asserts the properties in ``fix_properties``: nothing raises, the fix
never fails, the fixed text parses with LibCST and compiles, a second ``--fix`` changes
nothing, the fixed text has no finding left that ``--fix`` would fix, every edit lies in
a signature, a runnable call or an import (or renames a name, or only re-lays out a line
that holds one: wrapping a line the fix made too long), and the prefilter never
rules out a file with findings. It prints figures and exits 1 on any violation.

The same ``fix_properties`` is what ``tests/test_fix_properties.py`` asserts on generated
programs, so the sweep and the property tests check one definition.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.util
import io
import os
import re
import sys
import time
import tokenize
import traceback
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO_ROOT))

from toolcfg import prefilter  # noqa: E402
from toolcfg.linter.calls import RUNNABLE_METHODS  # noqa: E402
from toolcfg.runner import Mode, Options, applicable, check_source  # noqa: E402
from toolcfg.settings import Settings  # noqa: E402
from toolcfg.textedits import TextEdit, apply_edits, text_edits  # noqa: E402

#: Kinds of violation. Any of them makes the sweep exit 1.
CRASH = "crash"  # check_source raised
FIX_FAILED = "fix-failed"  # check_source's own safety net caught a failing fix
ERROR = "error"  # any other error for a file that reads and parses
NOT_PARSING = "fixed-not-parsing"  # the fixed text does not parse or does not compile
NOT_IDEMPOTENT = "not-idempotent"  # a second --fix changes the fixed text
FIXABLE_AFTER_FIX = "fixable-after-fix"  # the fixed text still has a finding --fix would fix
NOOP_FIX = "no-op-fix"  # a finding --fix would fix, but the fix changes nothing
EDIT_OUTSIDE = "edit-outside"  # an edit outside signatures, runnable calls and imports
EDITS_INCONSISTENT = "edits-inconsistent"  # text_edits does not reproduce the fixed text
PREFILTER_MISS = "prefilter-miss"  # the prefilter ruled out a file that has findings
JSON_EDITS = "json-edits"  # the fixes' edits of --output-format json do not give --fix's text
VIOLATIONS = (
    CRASH,
    FIX_FAILED,
    ERROR,
    NOT_PARSING,
    NOT_IDEMPOTENT,
    FIXABLE_AFTER_FIX,
    NOOP_FIX,
    EDIT_OUTSIDE,
    EDITS_INCONSISTENT,
    PREFILTER_MISS,
    JSON_EDITS,
)

#: Every rule, unused-noqa included, so every code path of the analysis runs.
SETTINGS = Settings(root=Path("/"), extend_select=("TCF9",))


@dataclass
class Outcome:
    """One run of ``check_source`` over one text, and what was wrong with it."""

    #: (code, line, column, message, fix: "safe", "unsafe" or "none")
    findings: List[Tuple[str, int, int, str, str]] = field(default_factory=list)
    error: Optional[str] = None
    #: The fixed bytes, when the fix changed something.
    fixed: Optional[bytes] = None
    violations: List[Tuple[str, str]] = field(default_factory=list)


@contextlib.contextmanager
def prefilter_disabled() -> Iterator[None]:
    """Make every file a candidate, so ``check_source`` parses and analyses it."""
    original = prefilter.may_have_findings
    prefilter.may_have_findings = lambda data: True
    try:
        yield
    finally:
        prefilter.may_have_findings = original


def compiles(data: bytes) -> bool:
    """Does ``compile()`` accept it? Not only ``ast.parse``: that misses duplicate
    parameters, ``await`` outside ``async def`` and the like."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "<sweep>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeError, MemoryError, RecursionError):
        return False
    return True


def fix_properties(data: bytes, path: Path, unsafe_fixes: bool = False) -> Outcome:
    """Run ``check --fix --diff`` semantics over ``data`` and check every property of the fix.

    Parse errors are not violations (``check`` reports them with exit 2); everything that
    raises, or a fix that fails or breaks the file, is.
    """
    outcome = Outcome()
    options = Options(mode=Mode.DIFF, unsafe_fixes=unsafe_fixes)
    try:
        result = check_source(data, path, options, SETTINGS)
    except Exception:  # noqa: BLE001 - that is the finding
        outcome.violations.append((CRASH, _traceback()))
        return outcome
    outcome.error = result.error
    if result.error is not None:
        if result.error.startswith("the fix failed"):
            outcome.violations.append((FIX_FAILED, result.error))
        elif not result.error.startswith("cannot parse"):
            outcome.violations.append((ERROR, result.error))
        return outcome

    # After a fix, ``findings`` are those left in the fixed text: report what was found.
    original = result
    if result.fixed_source is not None:
        try:
            original = check_source(data, path, Options(mode=Mode.CHECK), SETTINGS)
        except Exception:  # noqa: BLE001
            outcome.violations.append((CRASH, _traceback()))
            return outcome
    outcome.findings = [
        (
            f.code,
            f.start.line,
            f.start.column,
            f.message,
            "none" if f.fix is None else "safe" if f.fix.safe else "unsafe",
        )
        for f in original.findings
    ]
    to_fix = [f for f in original.findings if applicable(f, unsafe_fixes)]
    if result.fixed_source is None:
        if to_fix:
            outcome.violations.append((NOOP_FIX, f"{len(to_fix)} fixable findings, no fixed text"))
        return outcome

    fixed = result.fixed_source
    if fixed == data:
        outcome.violations.append((NOOP_FIX, "the fix returned the text unchanged"))
        return outcome
    outcome.fixed = fixed
    outcome.violations.extend(
        _fixed_text_violations(data, fixed, path, unsafe_fixes, result.findings)
    )
    return outcome


def _fixed_text_violations(
    data: bytes, fixed: bytes, path: Path, unsafe_fixes: bool, remaining: Sequence[object]
) -> List[Tuple[str, str]]:
    import libcst

    violations = []
    try:
        libcst.parse_module(fixed)
    except Exception as error:  # noqa: BLE001
        violations.append((NOT_PARSING, f"LibCST: {str(error).strip().splitlines()[0]}"))
    if compiles(data) and not compiles(fixed):
        violations.append((NOT_PARSING, "does not compile()"))
    if violations:
        return violations

    left = [f for f in remaining if applicable(f, unsafe_fixes)]  # type: ignore[arg-type]
    if left:
        codes = ", ".join(f"{f.code} at {f.start.line}:{f.start.column}" for f in left)  # type: ignore[attr-defined]
        violations.append((FIXABLE_AFTER_FIX, codes))
    try:
        again = check_source(
            fixed, path, Options(mode=Mode.FIX, unsafe_fixes=unsafe_fixes), SETTINGS
        )
    except Exception:  # noqa: BLE001
        return [*violations, (CRASH, "second --fix: " + _traceback())]
    if again.error is not None:
        violations.append((NOT_IDEMPOTENT, f"second --fix: {again.error}"))
    elif again.fixed_source is not None and again.fixed_source != fixed:
        violations.append((NOT_IDEMPOTENT, "a second --fix changes the text"))
    violations.extend(edit_violations(data, fixed))
    if not unsafe_fixes:
        # With --unsafe-fixes, two keyword-only moves in one signature each insert a `*`
        # (a known limitation of per-finding edits, see test_fix_properties.py).
        violations.extend(json_edit_violations(data, fixed, path, unsafe_fixes))
    return violations


def json_edit_violations(
    data: bytes, fixed: bytes, path: Path, unsafe_fixes: bool
) -> List[Tuple[str, str]]:
    """What ``--output-format json`` reports: applying every applicable fix's edits must give
    ``--fix``'s text, or, when ``--fix`` needed more than one pass, its first pass."""
    try:
        reported = check_source(data, path, Options(mode=Mode.CHECK, fix_edits=True), SETTINGS)
    except Exception:  # noqa: BLE001
        return [(CRASH, "--output-format json: " + _traceback())]
    edits = [
        edit
        for finding, each in zip(reported.findings, reported.edits)
        if applicable(finding, unsafe_fixes) and each
        for edit in each
    ]
    try:
        text = apply_edits(decode(data), edits)
    except ValueError as error:
        return [(JSON_EDITS, f"the edits overlap: {error}")]
    if text == decode(fixed):
        return []
    if compiles(data) and not compiles(text.encode("utf-8")):
        return [(JSON_EDITS, "applying the edits gives text that does not compile")]
    first_pass = check_source(text.encode("utf-8"), path, Options(mode=Mode.CHECK), SETTINGS)
    if not any(applicable(f, unsafe_fixes) for f in first_pass.findings):
        return [(JSON_EDITS, "applying the edits does not give the fixed text")]
    return []


def _traceback() -> str:
    return traceback.format_exc(limit=-4).strip()


# -- where the fix may edit -------------------------------------------------------------

_WORD = re.compile(r"\w+\Z")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def decode(data: bytes) -> str:
    """The text as Python reads it: the coding cookie or UTF-8, a BOM dropped."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def edit_violations(before: bytes, after: bytes) -> List[Tuple[str, str]]:
    """Every edit between ``before`` and ``after`` must lie where the fix may write.

    The edits come from ``toolcfg.textedits.text_edits`` (what ``--output-format json``
    reports); applying them must give ``after`` exactly, so every byte outside them is
    unchanged. Each must lie inside a function's signature (from its name to its body), a
    runnable call, or an import statement; or insert whole import statements; or rename an
    identifier inside a function (the rename fixes rename the parameter's uses).
    """
    old, new = decode(before), decode(after)
    edits = text_edits(old, new)
    try:
        rebuilt = apply_edits(old, edits)
    except ValueError as error:
        return [(EDITS_INCONSISTENT, str(error))]
    if rebuilt != new:
        return [(EDITS_INCONSISTENT, "applying text_edits does not give the fixed text")]
    regions, functions = _regions(old)
    starts = line_starts(old)
    problems = []
    for edit in edits:
        start = starts[edit.start.line - 1] + edit.start.column - 1
        end = starts[edit.end.line - 1] + edit.end.column - 1
        if _allowed(old, start, end, edit, regions, functions):
            continue
        if _layout_only(old[start:end], edit.content) and _on_lines_of(starts, edit, regions):
            continue  # a line the fix made too long, wrapped
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
    """Only line breaks and indentation, plus the trailing commas and parentheses of ruff's
    layouts, differ."""
    before, after = "".join(replaced.split()), "".join(content.split())
    return before == after or set(before + after) <= set(",()")


def _on_lines_of(starts: Sequence[int], edit: TextEdit, regions: Sequence[Tuple[int, int]]) -> bool:
    """Do the edit's lines hold part of a signature, runnable call or import?"""
    low, high = starts[edit.start.line - 1], starts[min(edit.end.line, len(starts) - 1)]
    return any(start < high and low < end for start, end in regions)


def line_starts(text: str) -> List[int]:
    """Offsets of line starts, with Python's (and LibCST's, and editors') line breaks.

    Not ``str.splitlines``, which also breaks at form feeds and other control characters.
    """
    return [0] + [match.end() for match in _LINE_BREAK.finditer(text)] + [len(text)]


def _regions(text: str) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int]]]:
    """Character ranges of signatures, runnable calls and imports; and of whole functions."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    module = cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    starts = line_starts(text)

    def offset(position) -> int:  # type: ignore[no-untyped-def]
        return starts[position.line - 1] + position.column

    regions: List[Tuple[int, int]] = []
    functions: List[Tuple[int, int]] = []
    for node, where in positions.items():
        if isinstance(node, cst.FunctionDef):
            regions.append((offset(positions[node.name].start), offset(positions[node.body].start)))
            functions.append((offset(where.start), offset(where.end)))
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in RUNNABLE_METHODS
        ):
            regions.append((offset(where.start), offset(where.end)))
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            regions.append((offset(where.start), offset(where.end)))
    return regions, functions


# -- one file ---------------------------------------------------------------------------


@dataclass
class FileReport:
    path: str
    candidate: bool
    findings: List[Tuple[str, int, int, str, str]]
    parse_error: Optional[str]
    valid_python: bool
    fixed: bool
    violations: List[Tuple[str, str]]
    seconds: float


def sweep_file(path: str) -> FileReport:
    """Every property of one file, with the prefilter and, if it rules the file out, without."""
    started = time.perf_counter()
    data = Path(path).read_bytes()
    candidate = prefilter.may_have_findings(data)
    outcome = fix_properties(data, Path(path))
    if not candidate:
        with prefilter_disabled():
            outcome = fix_properties(data, Path(path))
        if outcome.findings:
            codes = ", ".join(sorted({code for code, *_ in outcome.findings}))
            outcome.violations.append((PREFILTER_MISS, codes))
    violations = list(outcome.violations)
    fixed = outcome.fixed is not None
    if any(fix == "unsafe" for *_, fix in outcome.findings):
        with contextlib.nullcontext() if candidate else prefilter_disabled():
            unsafe = fix_properties(data, Path(path), unsafe_fixes=True)
        violations.extend((kind, f"--unsafe-fixes: {detail}") for kind, detail in unsafe.violations)
        fixed = fixed or unsafe.fixed is not None
    parse_error = (
        outcome.error if outcome.error and outcome.error.startswith("cannot parse") else None
    )
    return FileReport(
        path=path,
        candidate=candidate,
        findings=outcome.findings,
        parse_error=parse_error,
        valid_python=compiles(data) if parse_error else True,
        fixed=fixed,
        violations=violations,
        seconds=time.perf_counter() - started,
    )


# -- the corpus -------------------------------------------------------------------------


def load_bench():  # type: ignore[no-untyped-def]
    """``bench/bench.py`` as a module, for its pinned wheels and ``build_corpus``."""
    spec = importlib.util.spec_from_file_location("toolcfg_bench", REPO_ROOT / "bench" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_files(roots: Sequence[Path], limit: Optional[int]) -> List[Path]:
    files = sorted(
        {path for root in roots for path in ([root] if root.is_file() else root.rglob("*.py"))}
    )
    files = [path for path in files if path.is_file()]
    if limit is not None and len(files) > limit:
        # An even spread over the corpus, not its first directory.
        step = len(files) / limit
        files = [files[int(index * step)] for index in range(limit)]
    return files


#: Agents and graphs built on LangChain, pinned: the libraries above forward their configs
#: with care, so these are where the sweep meets findings, and the fix meets real code.
APPLICATIONS = (
    "deepagents==0.7.32",
    "gpt-researcher==0.15.1",
    "langchain-experimental==0.4.2",
    "langchain-mcp-adapters==0.3.2",
    "langchain-sandbox==0.0.6",
    "langgraph-bigtool==0.0.3",
    "langgraph-codeact==0.1.3",
    "langgraph-supervisor==0.0.31",
    "langgraph-swarm==0.1.0",
    "langmem==0.0.30",
    "open-deep-research==0.0.16",
    "trustcall==0.0.39",
)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "toolcfg-corpus")
    parser.add_argument(
        "--wheel",
        action="append",
        help="a pinned wheel (name==version) instead of bench's list and APPLICATIONS",
    )
    parser.add_argument(
        "--path", action="append", type=Path, help="sweep this directory or file; downloads nothing"
    )
    parser.add_argument(
        "--limit", type=int, help="sweep at most this many files, spread over the corpus"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--findings-under",
        action="append",
        default=[],
        metavar="TEXT",
        help="list every finding in files whose path contains TEXT",
    )
    parser.add_argument(
        "--show", type=int, default=20, help="violations to print in full (default 20)"
    )
    args = parser.parse_args(argv)

    if args.path:
        roots = list(args.path)
    else:
        bench = load_bench()
        wheels = tuple(args.wheel) if args.wheel else (*bench.WHEELS, *APPLICATIONS)
        corpus = bench.build_corpus(args.cache_dir, wheels)
        roots = [corpus]
    files = corpus_files(roots, args.limit)
    started = time.perf_counter()
    if args.jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            reports = list(pool.map(sweep_file, map(str, files), chunksize=8))
    else:
        reports = [sweep_file(str(path)) for path in files]
    elapsed = time.perf_counter() - started
    return print_figures(reports, roots, elapsed, args.findings_under, args.show)


def print_figures(
    reports: Sequence[FileReport],
    roots: Sequence[Path],
    elapsed: float,
    findings_under: Sequence[str],
    show: int,
) -> int:
    by_code = Counter(code for report in reports for code, *_ in report.findings)
    by_fix = Counter(fix for report in reports for *_, fix in report.findings)
    violations = Counter(kind for report in reports for kind, _ in report.violations)
    unparsed = [report for report in reports if report.parse_error]
    print(f"corpus: {', '.join(map(str, roots))}")
    print(
        f"files: {len(reports)} ({sum(r.candidate for r in reports)} prefilter candidates; "
        f"all parsed and analysed) in {elapsed:.1f} s"
    )
    slowest = max(reports, key=lambda r: r.seconds, default=None)
    if slowest is not None:
        print(f"slowest file: {slowest.seconds:.2f} s {slowest.path}")
    print(
        f"files with findings: {sum(bool(r.findings) for r in reports)}; "
        f"findings: {sum(by_code.values())} (fix safe {by_fix['safe']}, unsafe {by_fix['unsafe']}, none {by_fix['none']})"
    )
    for code, count in sorted(by_code.items()):
        print(f"  {code}: {count}")
    print(f"files fixed: {sum(r.fixed for r in reports)}")
    print(
        f"cannot parse: {len(unparsed)} ({sum(r.valid_python for r in unparsed)} of them valid Python)"
    )
    for report in unparsed:
        print(
            f"  {report.path}: {report.parse_error}{'' if not report.valid_python else '  [valid Python]'}"
        )
    print("violations:")
    for kind in VIOLATIONS:
        label = {
            CRASH: "crashes",
            NOT_PARSING: "non-parsing outputs",
            NOT_IDEMPOTENT: "non-idempotent files",
        }.get(kind, kind)
        print(f"  {label}: {violations[kind]}")
    shown = 0
    for report in reports:
        for kind, detail in report.violations:
            if shown < show:
                print(f"{report.path}: {kind}: {detail}")
            shown += 1
    for text in findings_under:
        print(f"findings under {text!r}:")
        for report in sorted(reports, key=lambda r: r.path):
            if text in report.path.replace(os.sep, "/"):
                for code, line, column, message, fix in report.findings:
                    print(f"  {report.path}:{line}:{column}: {code} {message} [fix: {fix}]")
    valid_unparsed = sum(r.valid_python for r in unparsed)
    failed = sum(violations.values()) + valid_unparsed
    print("OK: no violations" if not failed else f"FAILED: {failed} violations")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
