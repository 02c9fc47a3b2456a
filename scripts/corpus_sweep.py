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
every file, in a process pool, through ``properties.fix_properties``: checked and
fixed as the only module of a project of its own, with safe fixes, and again with
``--unsafe-fixes`` when a finding has an unsafe fix, and with each superset tier switched
off (the prefilter, the index's filter), which must find nothing more. It prints figures
and exits 1 on any violation.

``properties`` is what ``tests/test_fix_properties.py`` asserts on generated
programs too, so the sweep and the property tests check one definition.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

REPO_ROOT = Path(__file__).resolve().parents[1]
for _path in (REPO_ROOT, REPO_ROOT / "tests"):  # run as a script from anywhere
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from properties import (  # noqa: E402
    CRASH,
    NOT_IDEMPOTENT,
    NOT_PARSING,
    VIOLATIONS,
    Found,
    compiles,
    fix_properties,
)

from toolcfg import prefilter  # noqa: E402

# -- one file ---------------------------------------------------------------------------


@dataclass
class FileReport:
    path: str
    candidate: bool
    findings: List[Found]
    parse_error: Optional[str]
    valid_python: bool
    fixed: bool
    violations: List[Tuple[str, str]]
    seconds: float


def sweep_file(path: str) -> FileReport:
    """Every property of one file, alone in a project of its own; with unsafe fixes too
    when it has one."""
    started = time.perf_counter()
    data = Path(path).read_bytes()
    outcome = fix_properties(data)
    violations = list(outcome.violations)
    fixed = outcome.fixed is not None
    if any(fix == "unsafe" for *_, fix in outcome.findings):
        unsafe = fix_properties(data, unsafe_fixes=True)
        violations.extend((kind, f"--unsafe-fixes: {detail}") for kind, detail in unsafe.violations)
        fixed = fixed or unsafe.fixed is not None
    parse_error = (
        outcome.error if outcome.error and outcome.error.startswith("cannot parse") else None
    )
    return FileReport(
        path=path,
        candidate=prefilter.may_register(data),
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
