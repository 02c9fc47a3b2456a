"""The pure core, through its public API: ``check_project`` and ``fix_project`` over a
``Workspace``, remembering through a ``Memo``.

What the shells (the command line, the codemod, the language server) rely on: the texts of
the workspace are what is checked, whether on disk or not; a second check of an unchanged
workspace analyses nothing again; the fix loop analyses again only the files a pass
changed; and nothing is written until a shell writes it.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from support import FIXED, NAIVE, write

import toolcfg.linter.analyze
from toolcfg.fixing import fix_project
from toolcfg.memo import Memo
from toolcfg.pipeline import ProjectFiles, check_project
from toolcfg.settings import Resolver
from toolcfg.workspace import Workspace

#: A tool that takes its config and forwards it, nested: nothing to report.
FORWARDING = FIXED

NODE = """\
async def agent(state):
    return {"messages": [await model.ainvoke(state["messages"])]}
"""

GRAPH = """\
from langgraph.graph import StateGraph

from nodes import agent

builder = StateGraph(dict)
builder.add_node("agent", agent)
"""


def project_of(root: Path, reported: list[str] | None = None) -> ProjectFiles:
    files = tuple(sorted(str(path) for path in root.rglob("*.py")))
    wanted = tuple(str(root / name) for name in reported) if reported is not None else files
    return ProjectFiles(str(root), files, wanted)


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file was analysed with LibCST."""
    counts: Counter[str] = Counter()
    real = toolcfg.linter.analyze.analyze_file

    def counting(text: str, plan: Any, *args: Any, **kwargs: Any) -> Any:
        counts[os.path.basename(plan.path)] += 1
        return real(text, plan, *args, **kwargs)

    monkeypatch.setattr(toolcfg.linter.analyze, "analyze_file", counting)
    return counts


def test_an_unsaved_buffer_is_checked_instead_of_the_disk(tmp_path: Path) -> None:
    path = write(tmp_path / "tools.py", FORWARDING)
    workspace = Workspace()
    project = project_of(tmp_path)
    checked = check_project(workspace, project, Resolver(), Memo())
    assert checked.findings == {str(path): ()}
    workspace.overlay(str(path), NAIVE.encode())
    checked = check_project(workspace, project, Resolver(), Memo())
    assert [f.code for f in checked.findings[str(path)]] == ["TCF001"]
    assert path.read_text() == FORWARDING


def test_a_registration_in_a_buffer_reaches_a_node_on_disk(tmp_path: Path) -> None:
    """The cross-file case an editor needs: registering the node in an unsaved graph.py
    gives nodes.py, which is only on disk, its finding."""
    nodes = write(tmp_path / "nodes.py", NODE)
    graph = write(tmp_path / "graph.py", GRAPH.replace('builder.add_node("agent", agent)\n', ""))
    workspace = Workspace()
    project = project_of(tmp_path, ["nodes.py"])
    memo = Memo()
    assert check_project(workspace, project, Resolver(), memo).findings == {str(nodes): ()}
    workspace.overlay(str(graph), GRAPH.encode())
    found = check_project(workspace, project, Resolver(), memo).findings[str(nodes)]
    assert [f.code for f in found] == ["TCF041"]


def test_a_second_check_of_an_unchanged_workspace_analyses_nothing_again(
    tmp_path: Path, analysed: Counter[str]
) -> None:
    write(tmp_path / "nodes.py", NODE)
    write(tmp_path / "graph.py", GRAPH)
    write(tmp_path / "tools.py", NAIVE)
    workspace, memo = Workspace(), Memo()
    first = check_project(workspace, project_of(tmp_path), Resolver(), memo)
    assert analysed == Counter({"nodes.py": 1, "tools.py": 1})
    second = check_project(workspace, project_of(tmp_path), Resolver(), memo)
    assert second.findings == first.findings
    assert analysed == Counter({"nodes.py": 1, "tools.py": 1})


def test_the_fix_loop_analyses_again_only_the_files_a_pass_changed(
    tmp_path: Path, analysed: Counter[str]
) -> None:
    for index in range(6):
        write(tmp_path / f"forwarding_{index}.py", FORWARDING)
    naive = write(tmp_path / "naive.py", NAIVE)
    outcome = fix_project(Workspace(), project_of(tmp_path), Resolver(), Memo(), False)
    # No formatter was given to lay out the lines the fix made long.
    assert list(outcome.after) == [str(naive)]
    assert (
        "async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None)"
        in (outcome.after[str(naive)])
    )
    assert outcome.fixed == {str(naive): ["TCF001"]}
    assert not any(outcome.remaining.findings.values())
    # Each unchanged file once, in the first pass; naive.py once more, as fixed.
    assert analysed == Counter({**{f"forwarding_{i}.py": 1 for i in range(6)}, "naive.py": 2})
    assert naive.read_text() == NAIVE  # nothing is written: the shell writes


def test_a_layer_reads_its_texts_over_the_workspace_below(tmp_path: Path) -> None:
    path = write(tmp_path / "tools.py", NAIVE)
    workspace = Workspace()
    layer = workspace.layer({str(path): FIXED})
    assert layer.source(str(path)).text == FIXED
    assert layer.is_overlaid(str(path))
    assert workspace.source(str(path)).text == NAIVE
    assert not workspace.is_overlaid(str(path))
