"""``scripts/corpus_sweep.py``: on real code in CI, and proof that it catches violations.

The full sweep downloads pinned wheels and takes about half a minute on two cores; it is run
by hand (``python scripts/corpus_sweep.py``). Here it runs over langgraph and
langchain-core as installed for the tests (no download), and over small made-up corpora
with toolcfg patched to misbehave, so that a sweep that passes means something.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest
from sweep_script import SCRIPT, sweep

import toolcfg.runner
from test_cli import NAIVE, SYNTAX_ERROR, write

REPO_ROOT = Path(__file__).resolve().parents[1]


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, name
    return Path(list(spec.submodule_search_locations)[0])


def test_sweep_over_installed_langgraph_and_langchain_core() -> None:
    roots = [_package_dir("langgraph"), _package_dir("langchain_core")]
    command = [sys.executable, str(SCRIPT), "--limit", "300", "--jobs", "2"]
    for root in roots:
        command += ["--path", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no violations" in result.stdout
    [files] = [line for line in result.stdout.splitlines() if line.startswith("files: ")]
    assert int(files.split()[1]) >= 200, files


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "naive.py", NAIVE)
    write(root / "broken.py", SYNTAX_ERROR)
    write(root / "plain.py", "def f(x):\n    return x.invoke(1)\n")
    write(root / "pkg" / "node.py", (REPO_ROOT / "tests" / "cases" / "constructs" / "node_partial.py").read_text())
    return root


def _sweep(corpus: Path, capsys: pytest.CaptureFixture) -> "tuple[int, str]":  # type: ignore[type-arg]
    code = sweep.main(["--path", str(corpus), "--jobs", "1", "--findings-under", "pkg/"])
    return code, capsys.readouterr().out


def test_sweep_figures_on_a_small_corpus(corpus: Path, capsys: pytest.CaptureFixture) -> None:  # type: ignore[type-arg]
    code, out = _sweep(corpus, capsys)
    assert code == 0, out
    assert "files: 4 (3 prefilter candidates; all parsed and analysed)" in out
    assert "  TCF001: 1" in out and "  TCF041: 2" in out
    assert "files fixed: 2" in out
    assert "cannot parse: 1 (0 of them valid Python)" in out
    assert "  crashes: 0" in out and "  non-idempotent files: 0" in out
    assert out.count("TCF041 LangGraph node") == 2, out  # listed: the file is under pkg/


def _broken_fixes(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    real = toolcfg.runner._apply_fixes

    def apply(*args: Any) -> bytes:
        fixed = real(*args)
        if how == "unchanged":
            return args[0].bytes
        if how == "outside":  # also rewrites a docstring: bytes outside the fix change
            return fixed.replace(b"Answer a question.", b"Answer a question!")
        return fixed.replace(b"config: RunnableConfig", b"config: RunnableConfig, config")

    monkeypatch.setattr(toolcfg.runner, "_apply_fixes", apply)


@pytest.mark.parametrize(
    "how, violation",
    [("unchanged", "no-op-fix: 1"), ("outside", "edit-outside: 1"), ("duplicate", "fix-failed: 1")],
)
def test_sweep_reports_a_fix_that_misbehaves(
    corpus: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, how: str, violation: str  # type: ignore[type-arg]
) -> None:
    (corpus / "pkg" / "node.py").unlink()
    _broken_fixes(monkeypatch, how)
    code, out = _sweep(corpus, capsys)
    assert code == 1, out
    assert f"  {violation}" in out, out
    assert "FAILED" in out


def test_sweep_reports_a_crash_and_a_prefilter_miss(
    corpus: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch  # type: ignore[type-arg]
) -> None:
    def crash(*args: Any) -> List[Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(toolcfg.runner, "_edits", crash)  # only the json-edits check calls it
    monkeypatch.setattr(sweep.prefilter, "may_have_findings", lambda data: b"TCF041" in data)
    code, out = _sweep(corpus, capsys)
    assert code == 1
    assert "  crashes: 2" in out, out  # naive.py and pkg/node.py
    assert "  prefilter-miss: 1" in out, out  # naive.py is ruled out but has a finding
