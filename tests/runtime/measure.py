"""Measure runtime examples with chosen releases, to find the release that changed a fact.

Usage (from the repository, in the test venv)::

    python tests/runtime/measure.py -k generator_nodes langchain-core==0.3.86 langgraph==0.6.11

builds, once, a venv of the runtime matrix's Python 3.10 (``runtime_envs.find_python310``)
with exactly those requirements, into ``$TOOLCFG_BISECT_CACHE`` (default
``~/.cache/toolcfg-bisect``, one directory per set of requirements, named after them, as
the matrix caches its own). It runs every example of ``runtime_examples`` whose name
contains one of the ``-k`` strings, as written (not fixed), with ``probe.py``, and prints
the versions installed, then one line per example: what docs/facts.md predicts for those
versions, and what the caller saw (the reply, the ``on_chat_model_*`` events of
``astream_events(version="v2")``, and for graphs the message chunks and whole messages of
``astream(stream_mode="messages")`` per node), or the last line of what it raised.

docs/facts.md gives the commands that bracketed its version boundaries.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from runtime_envs import Env, cached_venv, find_python310, run_checked
from runtime_examples import (
    ALL_EXAMPLES,
    BY_HAND_INJECTION_CASES,
    INJECTION_CASES,
    NAIVE,
    Example,
    InjectionCase,
    Versions,
)
from runtime_matrix import PROBE, REPO_ROOT, job_id, probe_job, seen_runs

MEASURED = [*ALL_EXAMPLES, *(case.example for case in BY_HAND_INJECTION_CASES)]
INJECTION = {case.name: case for case in [*INJECTION_CASES, *BY_HAND_INJECTION_CASES]}


def bisect_root() -> Path:
    return Path(os.environ.get("TOOLCFG_BISECT_CACHE") or Path.home() / ".cache" / "toolcfg-bisect")


def venv_name(requirements: list[str]) -> str:
    """A directory name that says what the venv holds, such as
    ``langchain-core-0.3.86_langgraph-0.6.11``."""
    return "_".join(re.sub(r"[^A-Za-z0-9.]+", "-", r).strip("-") for r in requirements)


def selected(patterns: list[str]) -> list[Example]:
    """The examples named by a pattern, each once, in the order runtime_examples lists them."""
    found = {e.name: e for e in MEASURED if any(p in e.name for p in patterns)}
    return list(found.values())


def predicted(example: Example, results: dict[str, Any]) -> str:
    """What docs/facts.md predicts for the naive example in these versions."""
    case: InjectionCase | None = INJECTION.get(example.name)
    if case is not None:
        return "injected" if case.injected(Versions.of(results)) else "not injected"
    seen = seen_runs(example, NAIVE, results)
    return f"{len(seen)} of {len(example.runs)} model runs seen"


def summary(example: Example, results: dict[str, Any]) -> str:
    """One line: what the caller of the example saw, and what docs/facts.md predicts."""
    result = results["jobs"][job_id(example, NAIVE)]
    line = f"{example.name} [docs/facts.md: {predicted(example, results)}]"
    if "error" in result:
        return f"{line}: raised {result['error'].strip().splitlines()[-1]}"
    events = result["events"]
    model = [e for e in events if e.startswith("on_chat_model_")]
    line += (
        f": reply {result['reply']!r}; {len(model)} on_chat_model_* events "
        f"({events.count('on_chat_model_start')} start)"
    )
    if "message_chunks" in result:
        line += (
            f"; message chunks {result['message_chunks']}, "
            f"whole messages {result['whole_messages']}"
        )
    return line


def measure(requirements: list[str], examples: list[Example]) -> list[str]:
    base, version_or_reason = find_python310()
    if base is None:
        raise SystemExit(version_or_reason)
    env = Env(venv_name(requirements), tuple(requirements))
    python = cached_venv(env, base, version_or_reason, bisect_root())
    with tempfile.TemporaryDirectory() as work:
        jobs_path, results_path = Path(work, "jobs.json"), Path(work, "results.json")
        jobs = [probe_job(example, NAIVE, REPO_ROOT / example.path) for example in examples]
        jobs_path.write_text(json.dumps(jobs))
        run_checked([python, str(PROBE), str(jobs_path), str(results_path)], "probe", 900)
        results = json.loads(results_path.read_text())
    lines = [
        f"Python {results['python']}, langchain-core {results['langchain_core']}, "
        f"langgraph {results['langgraph']}"
    ]
    lines.extend("  " + summary(example, results) for example in examples)
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-k", dest="patterns", action="append", required=True, help="part of example names"
    )
    parser.add_argument("requirements", nargs="+", help="pip requirements of the venv")
    args = parser.parse_args(argv)
    examples = selected(args.patterns)
    if not examples:
        parser.error(f"no example's name contains {args.patterns}")
    try:
        print("\n".join(measure(args.requirements, examples)))
    except RuntimeError as error:  # an install that pip cannot resolve, or a probe crash
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
