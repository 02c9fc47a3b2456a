"""Benchmark ``toolcfg check`` against ruff on two real corpora, and prove its tiers sound.

    python bench/bench.py [--runs 5] [--corpus libraries|dense|both]
    python bench/bench.py --verify-tiers       # no tier drops a finding, on each corpus
    python bench/bench.py --index-share        # where a cold run's time goes

It downloads pinned packages with ``pip download --no-deps`` into a cache directory outside
the repository and unpacks their ``.py`` files into a corpus:

- ``libraries``: wheels of langchain-community, langchain 0.3, langchain-core, langgraph,
  langgraph-prebuilt, langchain-openai, langchain-text-splitters, pydantic and django;
- ``dense``: source distributions, tests included where they ship them, of packages built
  on LangChain: agents (deepagents, open-deep-research, langgraph-codeact, langchain v1 and
  its middleware), memory (langmem), supervisors and swarms, MCP adapters, bigtool,
  trustcall, the sandbox and langgraph-prebuilt. Most of their files define tools, nodes
  or agents.

Then it runs each command several times, alternating them so that machine noise hits all
of them alike, and prints medians, ratios against ruff from the same run, and peak memory
(the largest of the process and its pool workers). It is a script, not a test: timings on
a shared machine are only meaningful as ratios within one run. toolcfg runs with its
bytecode cached, as an installed package does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

WHEELS = (
    "langchain-community==0.4.2",
    "langchain==0.3.30",
    "langchain-core==1.8.2",
    "langgraph==1.2.22",
    "langgraph-prebuilt==1.1.2",
    "langchain-openai==1.7.4",
    "langchain-text-splitters==1.1.3",
    "pydantic==2.14.3",
    "django==5.2.19",
)

#: Source distributions of packages built on LangChain, with their tests where they ship.
DENSE = (
    "deepagents==0.7.32",
    "langchain==1.4.10",
    "langchain-mcp-adapters==0.3.2",
    "langchain-sandbox==0.0.6",
    "langgraph-bigtool==0.0.3",
    "langgraph-codeact==0.1.3",
    "langgraph-prebuilt==1.1.3",
    "langgraph-supervisor==0.0.31",
    "langgraph-swarm==0.1.0",
    "langmem==0.0.30",
    "open-deep-research==0.0.16",
    "trustcall==0.0.39",
)

CORPORA = {"libraries": (WHEELS, False), "dense": (DENSE, True)}


def build_corpus(cache: Path, specs: Sequence[str] = WHEELS, sdists: bool = False) -> Path:
    """Download the pinned packages ``specs`` into ``cache`` and unpack their ``.py`` files.

    ``scripts/corpus_sweep.py`` builds its corpus with this too.
    """
    kind = "sdists" if sdists else "wheels"
    downloads, corpus = cache / kind, cache / ("corpus-dense" if sdists else "corpus")
    marker = corpus / ".complete"
    if marker.exists() and marker.read_text() == "\n".join(specs):
        return corpus
    downloads.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(downloads)]
    if sdists:
        command += ["--no-binary", ":all:"]
    subprocess.run([*command, *specs], check=True)
    shutil.rmtree(corpus, ignore_errors=True)
    for archive in sorted(downloads.iterdir()):
        if not _pinned(archive.name, specs):
            continue
        target = corpus / archive.name.split(".tar")[0].split(".whl")[0]
        for name, data in _python_files(archive):
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    marker.write_text("\n".join(specs))
    return corpus


def _pinned(filename: str, specs: Sequence[str]) -> bool:
    lowered = filename.lower().replace("-", "_")
    return any(
        lowered.startswith(
            (f"{name.replace('-', '_')}_{version}", f"{name.replace('-', '_')}-{version}")
        )
        for name, version in (spec.split("==") for spec in specs)
    )


def _python_files(archive: Path) -> List[Tuple[str, bytes]]:
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as opened:
            return [(n, opened.read(n)) for n in opened.namelist() if n.endswith(".py")]
    found = []
    with tarfile.open(archive) as opened:
        for member in opened.getmembers():
            if member.isfile() and member.name.endswith(".py"):
                handle = opened.extractfile(member)
                if handle is not None:
                    # Drop the archive's top directory, and never write outside the corpus.
                    name = member.name.split("/", 1)[-1]
                    if ".." not in Path(name).parts:
                        found.append((name, handle.read()))
    return found


def timed(command: Sequence[str], cwd: Path, env: Dict[str, str]) -> Tuple[float, int]:
    """Wall time in seconds and peak memory in KiB of one run (and its children)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def benchmark(name: str, corpus: Path, runs: int) -> None:
    files = sum(1 for _ in corpus.rglob("*.py"))
    toolcfg = [sys.executable, "-m", "toolcfg", "check", "--exit-zero", "-q"]
    beside = Path(sys.executable).parent / "ruff"
    ruff = str(beside) if beside.exists() else shutil.which("ruff") or "ruff"
    work = Path(tempfile.mkdtemp(prefix="toolcfg-bench-"))
    # As installed: bytecode is written and reused (some environments switch it off).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    ruff_check = [
        ruff,
        "check",
        "--isolated",
        "--no-cache",
        "--select",
        "ASYNC",
        "--exit-zero",
        "-q",
    ]
    commands: Dict[str, List[str]] = {
        "ruff check --select ASYNC": [*ruff_check, str(corpus)],
        "toolcfg check (cold, no cache)": [*toolcfg, "--no-cache", str(corpus)],
        "toolcfg check (warm cache)": [*toolcfg, str(corpus)],
    }
    subprocess.run(
        commands["toolcfg check (warm cache)"], cwd=work, env=env, capture_output=True, check=False
    )

    times: Dict[str, List[float]] = {label: [] for label in commands}
    memory: Dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(runs):
        for label, command in commands.items():
            seconds, peak = timed(command, work, env)
            times[label].append(seconds)
            memory[label] = max(memory[label], peak)

    reference = statistics.median(times["ruff check --select ASYNC"])
    print(f"corpus {name}: {files} files in {corpus} ({runs} runs, medians)")
    print(f"{'command':<42} {'median s':>9} {'x ruff':>8} {'peak MiB':>9}")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"{label:<42} {median:>9.3f} {median / reference:>8.2f} {memory[label] / 1024:>9.1f}")
    shutil.rmtree(work, ignore_errors=True)


def verify_tiers(name: str, corpus: Path) -> bool:
    """Each superset tier switched off finds nothing more, over the whole corpus."""
    repo = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(repo))
    from toolcfg.results import Options
    from toolcfg.runner import Tiers, run
    from toolcfg.settings import Overrides, Resolver

    def found(tiers: Tiers) -> List[Tuple[str, str, int, int]]:
        results = run([corpus], Options(), Resolver(Overrides(target_version="py39")), tiers=tiers)
        return sorted(
            (str(r.path), f.code, f.start.line, f.start.column) for r in results for f in r.findings
        )

    started = time.perf_counter()
    tiered = found(Tiers())
    ok = True
    for label, tiers in (
        ("prefilter", Tiers(prefilter=False)),
        ("possible", Tiers(possible=False)),
    ):
        missing = sorted(set(found(tiers)) - set(tiered))
        ok = ok and not missing
        print(f"corpus {name}: with the {label} tier off, {len(missing)} findings more")
        for item in missing[:20]:
            print("  dropped:", item)
    print(
        f"corpus {name}: {len(tiered)} findings; checked in {time.perf_counter() - started:.1f} s"
    )
    return ok


def index_share(name: str, corpus: Path) -> None:
    """Where a cold run's time goes: the scan (read, prefilter, summaries), the project
    pass (targets, helpers, callers, plans) and the LibCST analysis, as the pipeline times
    its stages."""
    repo = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(repo))
    from toolcfg.discovery import Unlisted, python_files
    from toolcfg.memo import Memo
    from toolcfg.pipeline import ProjectFiles, check_project
    from toolcfg.settings import Resolver
    from toolcfg.workspace import Workspace

    started = time.perf_counter()
    resolver = Resolver()
    files = tuple(
        key for key, found in python_files([corpus], resolver) if not isinstance(found, Unlisted)
    )
    listed = time.perf_counter() - started
    project = ProjectFiles(str(corpus.resolve()), files, files)
    checked = check_project(Workspace(), project, resolver, Memo(), parallel=True)
    total = time.perf_counter() - started
    print(f"corpus {name}: cold run {total:.2f} s in-process")
    print(f"  discovery: {listed:.2f} s ({listed / total:.0%})")
    for stage, label in (
        ("scan", "scan (read, prefilter, ast summaries)"),
        ("index", "project index (targets, helpers, plans)"),
        ("analysis", "LibCST analysis"),
    ):
        spent = checked.timings[stage]
        print(f"  {label}: {spent:.2f} s ({spent / total:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "toolcfg-bench")
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both")
    parser.add_argument("--verify-tiers", action="store_true", help="prove the tiers sound")
    parser.add_argument("--index-share", action="store_true", help="time a cold run's stages")
    args = parser.parse_args()

    names = list(CORPORA) if args.corpus == "both" else [args.corpus]
    ok = True
    for name in names:
        specs, sdists = CORPORA[name]
        corpus = build_corpus(args.cache_dir, specs, sdists)
        if args.verify_tiers:
            ok = verify_tiers(name, corpus) and ok
        elif args.index_share:
            index_share(name, corpus)
        else:
            benchmark(name, corpus, args.runs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
