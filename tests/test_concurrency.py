"""Runs at the same time never corrupt a project or the cache (issue 18).

pre-commit runs a hook in several processes, each given part of the files, unless the hook
asks for one; editors and the command line run side by side. Each run sees the whole
project, so two fixing runs given a tool and a node that call one helper both edit the
helper's file. Unlocked, each decided from files the other was rewriting, and the tree was
left calling ``condense(..., config=...)`` on a ``condense`` that takes no ``config`` (6 of 6
tries), with both runs exiting 0. Now every fixing run holds the project's lock
(``toolcfg.lock``) from its first read to its last write, and the cache saves in one
transaction of a database that writers queue on.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import libcst
import pytest
from libcst.codemod import CodemodContext
from pre_commit.clientlib import load_manifest
from support import FIXED, NAIVE, TOOLCFG_SCRIPT, run_files, run_unprivileged, write

from toolcfg.cache import Cache
from toolcfg.codemods.forward_config import ForwardConfigCommand
from toolcfg.files import stamp
from toolcfg.index.summary import summarize
from toolcfg.linter.analyze import analyze_file
from toolcfg.lock import DIRECTORY, PROJECT_LOCK, fallback, project_lock
from toolcfg.results import Mode

#: Helpers in one module, each called from a tool of one module and a node of another.
HELPERS = 2
ROUNDS = 20
PROCESSES = 3


def _project(root: Path) -> list[Path]:
    """A project whose tools and nodes share helpers: ``tools<i>.py`` calls ``condense<i>``,
    ``nodes<i>.py`` calls ``condense<i+1>``, so that each helper's fix is wanted by a tool
    file and by a node file. Returns those files, for the runs to share out."""
    write(root / "pyproject.toml", '[project]\nname = "app"\nrequires-python = ">=3.9"\n')
    write(root / "app" / "__init__.py", "")
    write(
        root / "app" / "llm.py", "from langchain_openai import ChatOpenAI\n\nmodel = ChatOpenAI()\n"
    )
    write(
        root / "app" / "helpers.py",
        "from app.llm import model\n"
        + "".join(
            f"\n\nasync def condense{i}(text):\n    return (await model.ainvoke(text)).content\n"
            for i in range(HELPERS)
        ),
    )
    shared = []
    for i in range(HELPERS):
        shared.append(
            write(
                root / "app" / f"tools{i}.py",
                f"from langchain_core.tools import tool\n\nfrom app.helpers import condense{i}\n"
                f'\n\n@tool\nasync def ask{i}(question: str) -> str:\n    """Ask."""\n'
                f"    return await condense{i}(question)\n",
            )
        )
        helper = (i + 1) % HELPERS
        shared.append(
            write(
                root / "app" / f"nodes{i}.py",
                f"from app.helpers import condense{helper}\n\n\nasync def node{i}(state):\n"
                f'    return {{"text": await condense{helper}(state["text"])}}\n',
            )
        )
    write(
        root / "app" / "graph.py",
        "from langgraph.graph import StateGraph\n\n"
        + "".join(f"from app.nodes{i} import node{i}\n" for i in range(HELPERS))
        + "\nbuilder = StateGraph(dict)\n"
        + "".join(f'builder.add_node("node{i}", node{i})\n' for i in range(HELPERS)),
    )
    return shared


def _partitions(files: list[Path], seed: int) -> list[list[Path]]:
    """``files`` shared out among ``PROCESSES`` runs, differently each round."""
    shuffled = random.Random(seed).sample(files, len(files))
    return [shuffled[number::PROCESSES] for number in range(PROCESSES)]


def _config_calls_that_cannot_bind(root: Path) -> list[str]:
    """Each call of a project function that passes ``config=`` where the function takes no
    ``config``: a TypeError when it runs. Function names are unique in ``_project``, so a
    call's name is its function."""
    parameters: dict[str, set[str]] = {}
    calls: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.name not in parameters, node.name
                arguments = node.args
                every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                parameters[node.name] = {argument.arg for argument in every}
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and any(keyword.arg == "config" for keyword in node.keywords)
            ):
                calls.append((f"{path.relative_to(root)}:{node.lineno}", node.func.id))
    return [
        f"{where}: {name}(..., config=...)"
        for where, name in calls
        if name in parameters and "config" not in parameters[name]
    ]


def _fix(root: Path, paths: list[Path], start: Any) -> None:
    """A ``toolcfg check --fix PATHS`` in a forked process, started with the others."""
    os.chdir(root)
    start.wait()
    results = run_files(paths, Mode.FIX, cache_root=root)
    sys.exit(0 if all(result.error is None for result in results) else 1)


def test_parallel_fixes_of_partitions_leave_every_config_call_bound(tmp_path: Path) -> None:
    """``ROUNDS`` rounds of ``PROCESSES`` fixing runs at once, each given a different part of
    the tools and nodes. Forked, so that each starts without Python's start-up and the
    runs overlap as pre-commit's do."""
    forked = multiprocessing.get_context("fork")
    for number in range(ROUNDS):
        root = tmp_path / f"round{number}"
        partitions = _partitions(_project(root), seed=number)
        start = forked.Barrier(PROCESSES)
        runs = [
            forked.Process(target=_fix, args=(root, partition, start)) for partition in partitions
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(120)
        assert [run.exitcode for run in runs] == [0] * PROCESSES, f"round {number}"
        assert _config_calls_that_cannot_bind(root) == [], f"round {number}"
        checked = run_files([root])
        assert [(r.path, r.findings, r.error) for r in checked if r.findings or r.error] == []


def _save_at_once(root: Path, number: int, start: Any) -> None:
    """Record one file in the cache at ``root``, which the first read found absent, and
    save once every other process is ready to save too."""
    cache = Cache(root)
    cache.summary("absent")  # a run reads before it saves
    path = root / f"module{number}.py"
    cache.put_file(str(path), stamp(path), f"hash{number}", True)
    start.wait()
    cache.save()


def test_runs_that_make_the_cache_at_once_each_keep_what_they_learnt(tmp_path: Path) -> None:
    """Runs that all find no cache save at once: each one's entries are in the database.
    Each used to switch the new database to WAL as its save began, and SQLite refuses that
    switch at once, without waiting, to a second run doing the same, so that run's save
    was lost (in about one round in eleven of four runs; the concurrent cached runs below
    then analysed a file again). Now one run makes the database under a lock."""
    forked = multiprocessing.get_context("fork")
    for number in range(40):
        root = tmp_path / f"round{number}"
        for process in range(4):
            write(root / f"module{process}.py", "")
        start = forked.Barrier(4)
        saves = [
            forked.Process(target=_save_at_once, args=(root, process, start))
            for process in range(4)
        ]
        for save in saves:
            save.start()
        for save in saves:
            save.join(60)
        kept = Cache(root)
        assert [
            kept.file(str(root / f"module{process}.py"), stamp(root / f"module{process}.py"))
            for process in range(4)
        ] == [(f"hash{process}", True) for process in range(4)], f"round {number}"


def _forbid(patched: pytest.MonkeyPatch, *functions: Any) -> None:
    """Make each of ``functions`` fail wherever a module of toolcfg holds it."""

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file was summarised or analysed again: the cache lost it")

    for function in functions:
        name = function.__name__
        holders = [
            module
            for module in list(sys.modules.values())
            if module.__name__.startswith("toolcfg") and getattr(module, name, None) is function
        ]
        assert holders, name
        for module in holders:
            patched.setattr(module, name, forbidden)


def _results(root: Path, cache_root: Path | None) -> list[tuple[Any, ...]]:
    return [(r.path, r.findings, r.error) for r in run_files([root], cache_root=cache_root)]


def test_three_concurrent_cached_runs_lose_nothing_and_a_fourth_gives_the_uncached_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three ``toolcfg check`` processes at once, each given part of the project, share one
    cache: the fourth run, over the whole project, finds every summary and analysis they
    made (the JSON stores were rewritten whole, and the last writer won), and reports what
    a run without the cache reports."""
    root = tmp_path / "project"
    files = _project(root)
    monkeypatch.chdir(root)
    runs = [
        subprocess.Popen(
            [str(TOOLCFG_SCRIPT), "check", *map(str, partition)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for partition in _partitions(files, seed=0)
    ]
    outcomes = [(run.wait(120), *run.communicate()) for run in runs]
    assert [code for code, _, stderr in outcomes] == [1] * PROCESSES, outcomes

    with monkeypatch.context() as patched:
        _forbid(patched, summarize, analyze_file)
        cached = _results(root, cache_root=root)
    uncached = _results(root, cache_root=None)
    assert cached == uncached
    assert sum(len(found) for _, found, _ in uncached) == 2 * HELPERS


def test_the_pre_commit_hooks_ask_for_one_process() -> None:
    """As ruff's hooks do: one run given every file decides each shared helper once."""
    hooks = load_manifest(str(Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"))
    assert [(hook["id"], hook["require_serial"]) for hook in hooks] == [
        ("toolcfg", True),
        ("toolcfg-fix", True),
    ]


# --- the lock ---------------------------------------------------------------------------


def _unusable_for_a_lock(root: Path) -> None:
    """The project cannot hold its lock: where its directory would be is a file."""
    write(root / DIRECTORY, "")


@pytest.mark.parametrize("where", ["project", "temporary directory"])
def test_holders_of_a_project_lock_queue(tmp_path: Path, where: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    if where == "temporary directory":
        _unusable_for_a_lock(root)
    order: list[Any] = []

    def second() -> None:
        with project_lock(str(root)) as path:
            order.append(("second holds", path))

    with project_lock(str(root)) as first:
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # it waits for the first holder
        order.append("first released")
    waiting.join(30)
    expected = root / DIRECTORY / PROJECT_LOCK if where == "project" else fallback(str(root))
    assert order == ["first released", ("second holds", expected)]
    assert first == expected
    fallback(str(root)).unlink(missing_ok=True)  # a lock file of the temporary directory


def test_a_fixing_run_waits_for_the_lock_even_without_a_cache(tmp_path: Path) -> None:
    """The command line's ``--fix`` reads nothing until the run holding the lock is done;
    a run that only checks does not wait."""
    root = tmp_path / "project"
    path = write(root / "naive.py", NAIVE)
    write(root / "pyproject.toml", '[project]\nname = "app"\n')
    with project_lock(str(root)):
        fixing = subprocess.Popen(
            [str(TOOLCFG_SCRIPT), "check", "--fix", "--no-cache", "."],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        checking = subprocess.run(
            [str(TOOLCFG_SCRIPT), "check", "--no-cache", "."],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert checking.returncode == 1, checking.stderr
        with pytest.raises(subprocess.TimeoutExpired):
            fixing.wait(1.0)
        assert path.read_text() == NAIVE
    assert fixing.wait(60) == 0, fixing.communicate()
    assert path.read_text() == FIXED


def test_the_codemod_waits_for_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "project"
    path = write(root / "naive.py", NAIVE)
    write(root / "pyproject.toml", '[project]\nname = "app"\n')
    fixed: list[str] = []

    def codemod() -> None:
        command = ForwardConfigCommand(CodemodContext(filename=str(path)))
        fixed.append(command.transform_module(libcst.parse_module(NAIVE)).code)

    with project_lock(str(root)):
        waiting = threading.Thread(target=codemod)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and fixed == []
    waiting.join(60)
    assert fixed == [FIXED]


def test_a_read_only_project_is_fixed_under_a_lock_in_the_temporary_directory(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    path = write(root / "pkg" / "naive.py", NAIVE)
    write(root / "pyproject.toml", '[project]\nname = "app"\n')
    fallback(str(root)).unlink(missing_ok=True)
    root.chmod(0o555)
    try:
        result = run_unprivileged("check", "--fix", "--no-cache", "pkg", cwd=root)
    finally:
        root.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == FIXED
    assert not (root / DIRECTORY).exists()
    assert fallback(str(root)).is_file()
    fallback(str(root)).unlink()
