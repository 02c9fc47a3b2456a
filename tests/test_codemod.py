"""The LibCST codemod command, run through LibCST's own runner in-process (the subprocess
run, as documented, is in ``test_integrations.py``).

It makes every fix ``toolcfg check --fix`` makes, a helper's in another module included,
when that module is part of the run; it skips, with a warning that names the fix and the
command that makes it, a fix that needs a module outside the run; and it works out each
project once per run, not once per module.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from libcst.codemod import parallel_exec_transform_with_prettyprint
from support import (
    HELPER,
    HELPER_FIXED,
    NAIVE,
    TOOL_CALLING_HELPER,
    invoke,
    write,
    write_helper_project,
)

import toolcfg.codemods.forward_config as forward_config
import toolcfg.linter.analyze
from toolcfg.codemods.forward_config import ForwardConfigCommand


def codemod(root: Path, *names: str, jobs: int = 1) -> Any:
    """LibCST's runner over ``names`` (default: every module), as ``libcst.tool codemod``
    runs it: the repository root is the working directory, formatting off."""
    files = [str(root / name) for name in names] or sorted(str(p) for p in root.rglob("*.py"))
    return parallel_exec_transform_with_prettyprint(
        ForwardConfigCommand,
        files,
        jobs=jobs,
        format_code=False,
        repo_root=str(root),
        hide_progress=True,
    )


def test_a_fix_that_edits_a_helper_elsewhere_is_made_when_both_are_in_the_run(
    workdir: Path,
) -> None:
    write_helper_project(workdir / "codemod")
    write_helper_project(workdir / "fix")
    result = codemod(workdir / "codemod")
    assert (result.failures, result.warnings) == (0, 0)
    assert invoke("check", "--fix", "--no-cache", "fix").exit_code == 0
    for name in ("tools.py", "helpers.py"):
        assert (workdir / "codemod" / name).read_text() == (workdir / "fix" / name).read_text()
    assert (workdir / "codemod" / "helpers.py").read_text() == HELPER_FIXED


def test_a_fix_that_needs_a_module_outside_the_run_is_skipped_with_a_warning(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_helper_project(workdir)
    result = codemod(workdir, "tools.py")
    assert (result.failures, result.warnings) == (0, 1)
    # Neither half: the tool would pass `config` to a helper that does not take it.
    assert (workdir / "tools.py").read_text() == TOOL_CALLING_HELPER
    assert (workdir / "helpers.py").read_text() == HELPER
    err = capsys.readouterr().err
    assert (
        "tools.py:7:11: TCF001 not fixed: its fix also edits helpers.py, which this codemod run "
        "does not include; `toolcfg check --fix tools.py` makes it"
    ) in err, err


def test_each_project_is_worked_out_once_per_run(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linear in the number of modules: the project is indexed and fixed once, and each
    file is analysed as often as a single ``--fix`` analyses it."""
    write(workdir / "pyproject.toml", '[project]\nname = "app"\n')
    for index in range(20):
        write(workdir / f"tool_{index}.py", NAIVE.replace("def ask", f"def ask_{index}"))
    calls: Counter[str] = Counter()
    real_fix, real_analyze = forward_config.fix_project, toolcfg.linter.analyze.analyze_file

    def fix_project(*args: Any, **kwargs: Any) -> Any:
        calls["fix_project"] += 1
        return real_fix(*args, **kwargs)

    def analyze_file(text: str, plan: Any, *args: Any, **kwargs: Any) -> Any:
        calls[os.path.basename(plan.path)] += 1
        return real_analyze(text, plan, *args, **kwargs)

    monkeypatch.setattr(forward_config, "fix_project", fix_project)
    monkeypatch.setattr(toolcfg.linter.analyze, "analyze_file", analyze_file)
    result = codemod(workdir)
    assert (result.successes, result.failures) == (20, 0)
    assert calls["fix_project"] == 1
    # Each module: analysed as it was, then as fixed (a second pass finds nothing more).
    assert {calls[f"tool_{index}.py"] for index in range(20)} == {2}
    assert invoke("check", "--no-cache", ".").exit_code == 0


def test_a_second_run_sees_what_changed_since_the_first(workdir: Path) -> None:
    """Runs in one process do not share a stale project: a registration added between
    them gives the node its fix."""
    write(workdir / "pyproject.toml", '[project]\nname = "app"\n')
    node = write(
        workdir / "nodes.py",
        'async def agent(state):\n    return {"messages": [await model.ainvoke(state["m"])]}\n',
    )
    write(workdir / "graph.py", "from langgraph.graph import StateGraph\n")
    codemod(workdir)
    assert "config" not in node.read_text()
    write(
        workdir / "graph.py",
        "from langgraph.graph import StateGraph\n\nfrom nodes import agent\n\n"
        'builder = StateGraph(dict)\nbuilder.add_node("agent", agent)\n',
    )
    codemod(workdir)
    assert "config" in node.read_text()


def test_the_command_fixes_a_module_without_libcst_s_runner(tmp_path: Path) -> None:
    """Called from code, or from stdin by `libcst.tool codemod ... -`: no full-repository
    metadata, so the module is fixed alone, as `toolcfg check --fix -` would."""
    import libcst
    from libcst.codemod import CodemodContext

    path = write(tmp_path / "naive.py", NAIVE)
    command = ForwardConfigCommand(CodemodContext(filename=str(path)))
    fixed = command.transform_module(libcst.parse_module(NAIVE)).code
    assert "config=patch_config(config, callbacks=callbacks)" in fixed
    assert path.read_text() == NAIVE
