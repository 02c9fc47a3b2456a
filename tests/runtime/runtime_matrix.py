"""The runtime matrix: copies of the examples, one probe run per environment, and checks.

Every example of ``runtime_examples.py`` is copied (naive, fixed by ``toolcfg
check --fix``, or hand-fixed) and run by ``probe.py`` under a fake chat model,
in one subprocess per environment of ``runtime_envs.ENVS``, on first use. The
``assert_*`` functions compare one probe result with what docs/facts.md
predicts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from runtime_envs import ENVS, Env, cached_venv, find_python310, run_checked, version_tuple
from runtime_examples import (
    ALL_EXAMPLES,
    FIXED,
    NAIVE,
    Example,
    Run,
    facts_say_lost,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).resolve().with_name("probe.py")
REPLY = "hello world"  # what the probe's fake chat model answers
#: The fake model streams its reply as words and the spaces between them.
REPLY_TOKENS = re.split(r"(\s)", REPLY)
REPLY_CHUNKS = len(REPLY_TOKENS)
MODEL_START = "on_chat_model_start"


def run_toolcfg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolcfg", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_source(source: Path, destination: Path) -> None:
    """Copy a module file or a package directory (without caches)."""
    if source.is_dir():
        shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copyfile(source, destination)


@dataclass
class Prepared:
    """The copies the probe runs: naive, and fixed by toolcfg."""

    paths: dict[tuple[str, str], Path] = field(default_factory=dict)  # (path, variant)
    fix_errors: dict[str, str] = field(default_factory=dict)  # example path -> toolcfg output

    def path(self, example: Example, variant: str) -> Path:
        return self.paths[example.path, variant]


def prepare(root: Path) -> Prepared:
    """Copy every example under ``root``, one directory per variant, and fix the fixed ones."""
    prepared = Prepared()
    for example in ALL_EXAMPLES:
        for variant in example.variants:
            if (example.path, variant) in prepared.paths:
                continue  # several examples of one file share its copies
            source = REPO_ROOT / example.path
            destination = root / variant / Path(example.path).name
            destination.parent.mkdir(parents=True, exist_ok=True)
            copy_source(source, destination)
            prepared.paths[example.path, variant] = destination
            if variant == FIXED:
                result = run_toolcfg("check", "--fix", str(destination))
                if result.returncode != (1 if example.remaining else 0):
                    prepared.fix_errors[example.path] = (
                        f"toolcfg check --fix exited {result.returncode}\n"
                        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
                    )
    return prepared


class Skip(Exception):
    pass


class Matrix:
    """Runs the probe once per environment, on first use, and keeps the results."""

    def __init__(self, prepared: Prepared, workdir: Path) -> None:
        self.prepared = prepared
        self.workdir = workdir
        self.results: dict[str, Any] = {}  # env name -> results, or an exception
        self.python310: tuple[str | None, str] | None = None

    def jobs(self, env: Env) -> list[dict[str, Any]]:
        jobs = []
        for example in ALL_EXAMPLES:
            if not env.has(example.needs):
                continue
            for variant in example.variants:
                if variant == FIXED and example.path in self.prepared.fix_errors:
                    continue
                jobs.append(probe_job(example, variant, self.prepared.path(example, variant)))
        return jobs

    def interpreter(self, env: Env) -> str:
        if not env.requirements:
            return sys.executable
        if self.python310 is None:
            self.python310 = find_python310()
        base, version_or_reason = self.python310
        if base is None:
            raise Skip(f"{env.name}: {version_or_reason}")
        return cached_venv(env, base, version_or_reason)

    def run(self, env: Env) -> dict[str, Any]:
        python = self.interpreter(env)
        jobs_path = self.workdir / f"{env.name}-jobs.json"
        results_path = self.workdir / f"{env.name}-results.json"
        jobs_path.write_text(json.dumps(self.jobs(env), indent=1))
        run_checked(
            [python, str(PROBE), str(jobs_path), str(results_path)], f"probe in {env.name}", 900
        )
        results: dict[str, Any] = json.loads(results_path.read_text())
        return results

    def get(self, env: Env) -> dict[str, Any]:
        """The probe's results in ``env``; skips or fails the calling test if it cannot run."""
        if env.name not in self.results:
            try:
                self.results[env.name] = self.run(env)
            except (Skip, RuntimeError, subprocess.TimeoutExpired) as error:
                self.results[env.name] = error
        outcome = self.results[env.name]
        if isinstance(outcome, Skip):
            pytest.skip(str(outcome))
        if isinstance(outcome, Exception):
            pytest.fail(f"environment {env.name} could not be run:\n{outcome}", pytrace=False)
        return outcome  # type: ignore[no-any-return]


# --------------------------------------------------------------------------
# Reading one probe result
# --------------------------------------------------------------------------


def job_id(example: Example, variant: str) -> str:
    return f"{example.name}/{variant}"


def probe_job(example: Example, variant: str, path: Path) -> dict[str, Any]:
    """The probe's job (see probe.py) that runs ``example``'s copy ``variant`` at ``path``."""
    return {
        "id": job_id(example, variant),
        "path": str(path),
        "kind": example.kind,
        "attr": example.attr,
        "input": example.input,
        "install": example.install,
        "model_attr": example.model_attr,
        "builder": example.builder,
        "replies": example.replies,
        "config": example.config,
        "wrappers": list(example.wrappers),
        "modes": list(example.modes),
    }


def describe(results: dict[str, Any]) -> str:
    return (
        f"Python {results['python']}, langchain-core {results['langchain_core']}, "
        f"langgraph {results['langgraph']}"
    )


def on_python310(results: dict[str, Any]) -> bool:
    """Python 3.9 or 3.10: where the async context does not carry the config."""
    return version_tuple(results["python"])[:2] <= (3, 10)


def job_result(results: dict[str, Any], example: Example, variant: str) -> dict[str, Any]:
    result: dict[str, Any] = results["jobs"][job_id(example, variant)]
    assert "error" not in result, (
        f"{example.name} ({variant}) raised in {describe(results)}:\n{result['error']}"
    )
    return result


def mode_result(
    results: dict[str, Any], example: Example, mode: str, variant: str = NAIVE
) -> dict[str, Any]:
    """What one run method of an example with ``modes`` gave: its error, or its outcome."""
    result = job_result(results, example, variant)
    assert mode in result["modes"], f"{example.name}: {mode} was not run: {result}"
    outcome: dict[str, Any] = result["modes"][mode]
    return outcome


def assert_mode_works(outcome: dict[str, Any], where: str) -> None:
    assert "error" not in outcome, f"{where} raised:\n{outcome.get('traceback')}"


def forwards(example: Example, variant: str, run: Run) -> bool:
    """Whether the run's code forwards a config to the model in this copy."""
    return (variant != NAIVE or example.forwards) and not run.library


def seen_runs(example: Example, variant: str, results: dict[str, Any]) -> list[Run]:
    """The runs whose model run the caller sees, as docs/facts.md predicts."""
    python, core = results["python"], results["langchain_core"]
    return [
        run
        for run in example.runs
        if forwards(example, variant, run) or not facts_say_lost(run.row, python, core)
    ]


def model_starts(starts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [start for start in starts if start["event"] == MODEL_START]


def own_start(run: Run, starts: list[dict[str, Any]], where: str) -> dict[str, Any]:
    """The start of the example's own run, which must be in the trace exactly once."""
    found = [start for start in starts if run.matches(start)]
    assert len(found) == 1, f"{where}: expected one {run.event} {run.name!r}; starts: {starts}"
    return found[0]


def models_under(run_start: dict[str, Any], starts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in model_starts(starts) if run_start["run_id"] in s["parent_ids"]]


def models_filed_under(
    run_start: dict[str, Any], starts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The model runs whose parent is the run itself, not one of its descendants."""
    return [s for s in model_starts(starts) if s["parent_ids"][-1:] == [run_start["run_id"]]]


def assert_filed_under_runs(example: Example, starts: list[dict[str, Any]], where: str) -> None:
    """Each of the example's runs is the parent of one model run, and there are no others."""
    for run in example.runs:
        filed = models_filed_under(own_start(run, starts, where), starts)
        assert len(filed) == 1, (
            f"{where}: expected one model run filed under {run.name!r}, got {len(filed)}; "
            f"starts: {starts}"
        )
    assert len(model_starts(starts)) == len(example.runs), f"{where}: starts: {starts}"


def assert_events_match_facts(example: Example, variant: str, results: dict[str, Any]) -> None:
    """The caller saw the model's events (and, for graphs, its chunks) of the seen runs only."""
    result = job_result(results, example, variant)
    where = f"{example.name} ({variant}) in {describe(results)}"
    seen = seen_runs(example, variant, results)
    assert result["reply"] == REPLY, f"{where}: the outer call returned {result['reply']!r}"
    ends = result["events"].count("on_chat_model_end")
    assert ends == len(seen), (
        f"{where}: expected {len(seen)} on_chat_model_end event(s), for "
        f"{[run.name for run in seen]}; got {ends}; events: {result['events']}"
    )
    if not seen:
        assert "on_chat_model_stream" not in result["events"], f"{where}: {result['events']}"
    if example.kind == "graph":
        # Whole messages taken from a node's return value arrive either way.
        expected = sorted({run.node for run in seen if run.node})
        chunks = result["message_chunks"]
        assert sorted(chunks) == expected and all(chunks.values()), (
            f"{where}: expected the chat model's message chunks from nodes {expected}, "
            f"got {chunks} (whole messages: {result['whole_messages']})"
        )


def contexts(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The starts of every run of a job: as it is, and inside each wrapper (tools)."""
    found = {"direct": result["starts"]}
    for wrapper, wrapped in result.get("wrapped", {}).items():
        assert wrapped["reply"] == REPLY, f"in {wrapper}: returned {wrapped['reply']!r}"
        found[wrapper] = wrapped["starts"]
    return found


def assert_nesting_matches_facts(example: Example, variant: str, results: dict[str, Any]) -> None:
    """Each seen run's model run is filed under that run, in every context; lost runs have none."""
    result = job_result(results, example, variant)
    seen = seen_runs(example, variant, results)
    for context, starts in contexts(result).items():
        where = f"{example.name} ({variant}, {context}) in {describe(results)}"
        for run in example.runs:
            under = models_under(own_start(run, starts, where), starts)
            wanted = 1 if run in seen else 0
            assert len(under) == wanted, (
                f"{where}: expected {wanted} model run(s) under {run.name!r}, got {len(under)}; "
                f"starts: {starts}"
            )
        assert len(model_starts(starts)) == len(seen), f"{where}: starts: {starts}"


def assert_filed_beside(example: Example, results: dict[str, Any]) -> None:
    """Each tool's model run has the tool's parents, not the tool, as its parents."""
    result = job_result(results, example, NAIVE)
    for context, starts in contexts(result).items():
        where = f"{example.name} ({context}) in {describe(results)}"
        for run in example.runs:
            tool = own_start(run, starts, where)
            models = model_starts(starts)
            assert len(models) == 1, f"{where}: expected one model run; starts: {starts}"
            assert tool["run_id"] not in models[0]["parent_ids"], (
                f"{where}: the model run is filed under the tool; starts: {starts}"
            )
            assert models[0]["parent_ids"] == tool["parent_ids"], (
                f"{where}: the model run is not the tool run's sibling; starts: {starts}"
            )


# --------------------------------------------------------------------------
# Test parameters
# --------------------------------------------------------------------------


def env_pairs(examples: list[Example]) -> list[tuple[Env, Example]]:
    """(environment, example) for every example and every environment that can run it."""
    return [(env, example) for env in ENVS for example in examples if env.has(example.needs)]


def ids(items: list[Any]) -> list[str]:
    """Test ids: the names of environments and examples (variants as they are), joined by "-"."""
    return [
        "-".join(ids(list(item))) if isinstance(item, tuple) else getattr(item, "name", str(item))
        for item in items
    ]
