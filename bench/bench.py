"""Benchmark ``toolcfg check`` against ruff and a naive LibCST linter on a real corpus.

    python bench/bench.py [--runs 5] [--cache-dir ~/.cache/toolcfg-bench]

It downloads pinned wheels with ``pip download --no-deps`` into a cache directory outside
the repository, unpacks their ``.py`` files into one corpus, then runs each command
several times, alternating them so that machine noise hits all of them alike, and prints
medians, ratios against ruff from the same run, and peak memory. It is a script, not a
test: timings on a shared machine are only meaningful as ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
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

#: Parse every file and resolve qualified names for the whole module: what a
#: straightforward LibCST linter pays.
NAIVE_LIBCST = r"""
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import libcst as cst
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

def one(path):
    try:
        wrapper = MetadataWrapper(cst.parse_module(Path(path).read_bytes()))
        wrapper.resolve(QualifiedNameProvider)
    except Exception:
        pass

files = [str(p) for p in Path(sys.argv[1]).rglob("*.py")]
with ProcessPoolExecutor(2) as pool:
    list(pool.map(one, files, chunksize=16))
"""


def build_corpus(cache: Path, specs: Sequence[str] = WHEELS) -> Path:
    """Download the pinned wheels ``specs`` into ``cache`` and unpack their ``.py`` files.

    ``scripts/corpus_sweep.py`` builds its corpus with this too.
    """
    wheels, corpus = cache / "wheels", cache / "corpus"
    marker = corpus / ".complete"
    if marker.exists() and marker.read_text() == "\n".join(specs):
        return corpus
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels), *specs],
        check=True,
    )
    shutil.rmtree(corpus, ignore_errors=True)
    for wheel in sorted(wheels.glob("*.whl")):
        if not any(
            wheel.name.lower().startswith(
                spec.split("==")[0].replace("-", "_") + "-" + spec.split("==")[1]
            )
            for spec in specs
        ):
            continue
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".py"):
                    target = corpus / wheel.stem / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
    marker.write_text("\n".join(specs))
    return corpus


def timed(command: Sequence[str], cwd: Path) -> Tuple[float, int]:
    """Wall time in seconds and peak memory in KiB of one run (and its children)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "toolcfg-bench")
    parser.add_argument(
        "--skip-naive", action="store_true", help="skip the slow naive-LibCST reference"
    )
    args = parser.parse_args()

    corpus = build_corpus(args.cache_dir)
    files = sum(1 for _ in corpus.rglob("*.py"))
    toolcfg = [sys.executable, "-m", "toolcfg", "check", "--exit-zero", "-q"]
    beside = Path(sys.executable).parent / "ruff"
    ruff = str(beside) if beside.exists() else shutil.which("ruff") or "ruff"
    work = Path(tempfile.mkdtemp(prefix="toolcfg-bench-"))
    commands: Dict[str, List[str]] = {
        "ruff check --select ASYNC": [
            ruff,
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "ASYNC",
            "--exit-zero",
            "-q",
            str(corpus),
        ],
        "toolcfg check (cold, no cache)": [*toolcfg, "--no-cache", str(corpus)],
        "toolcfg check (warm cache)": [*toolcfg, str(corpus)],
    }
    if not args.skip_naive:
        commands["naive LibCST (parse + qualified names)"] = [
            sys.executable,
            "-c",
            NAIVE_LIBCST,
            str(corpus),
        ]
    subprocess.run(
        commands["toolcfg check (warm cache)"], cwd=work, capture_output=True
    )  # fill the cache

    times: Dict[str, List[float]] = {name: [] for name in commands}
    memory: Dict[str, int] = {name: 0 for name in commands}
    for run in range(args.runs):
        for name, command in commands.items():
            if name.startswith("naive") and run > 0:
                continue  # minutes per run; once is enough for a ratio
            seconds, peak = timed(command, work)
            times[name].append(seconds)
            memory[name] = max(memory[name], peak)

    reference = statistics.median(times["ruff check --select ASYNC"])
    print(f"corpus: {files} files in {corpus} ({args.runs} runs, medians)")
    print(f"{'command':<42} {'median s':>9} {'x ruff':>8} {'peak MiB':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<42} {median:>9.3f} {median / reference:>8.2f} {memory[name] / 1024:>9.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
