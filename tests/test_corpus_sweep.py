"""``scripts/corpus_sweep.py``: on real code in CI, and proof that it catches violations.

The full sweep downloads pinned wheels and takes minutes on two cores; it is run by hand
(``python scripts/corpus_sweep.py``). Here it runs over part of langgraph as installed for
the tests (no download), and over small made-up corpora with toolcfg patched to misbehave,
so that a sweep that passes means something.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any, Tuple

import pytest

import toolcfg.fixing
import toolcfg.runner
from toolcfg import prefilter

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "corpus_sweep.py"

NAIVE = '''\
from langchain_core.tools import tool

@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content
'''
SYNTAX_ERROR = "from langchain_core.tools import tool\n@tool\nasync def ask(:\n    pass\n"


def _sweep_module() -> Any:
    """The script as a module (registered first: its dataclasses look themselves up)."""
    if "corpus_sweep" in sys.modules:
        return sys.modules["corpus_sweep"]
    spec = importlib.util.spec_from_file_location("corpus_sweep", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_sweep"] = module
    spec.loader.exec_module(module)
    return module


sweep = _sweep_module()


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, name
    return Path(next(iter(spec.submodule_search_locations)))


@pytest.mark.slow
def test_sweep_over_installed_langgraph() -> None:
    command = [sys.executable, str(SCRIPT), "--limit", "40", "--jobs", "2"]
    command += ["--path", str(_package_dir("langgraph"))]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no violations" in result.stdout
    [files] = [line for line in result.stdout.splitlines() if line.startswith("files: ")]
    assert int(files.split()[1]) == 40, files


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "pkg").mkdir(parents=True)
    (root / "naive.py").write_text(NAIVE)
    (root / "broken.py").write_text(SYNTAX_ERROR)
    (root / "plain.py").write_text("def f(x):\n    return x.invoke(1)\n")
    (root / "pkg" / "node.py").write_text(
        (REPO_ROOT / "tests" / "cases" / "constructs" / "node_partial.py").read_text()
    )
    return root


def _sweep(corpus: Path, capsys: pytest.CaptureFixture) -> Tuple[int, str]:  # type: ignore[type-arg]
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
    real = toolcfg.fixing.apply

    def apply(self: Any, path: str, text: str, edits: Any, regions: Any = None) -> str:
        fixed = real(self, path, text, edits, regions)
        if how == "unchanged":
            return text
        if how == "outside":  # also rewrites a docstring: text outside the fix changes
            return fixed.replace("Answer a question.", "Answer a question!")
        return fixed.replace("config: RunnableConfig", "config: RunnableConfig, config")

    monkeypatch.setattr(toolcfg.fixing, "apply", apply)


@pytest.mark.parametrize(
    "how, violation",
    [("unchanged", "no-op-fix: 1"), ("outside", "edit-outside: 1"), ("duplicate", "fix-failed: 1")],
)
def test_sweep_reports_a_fix_that_misbehaves(
    corpus: Path,
    capsys: pytest.CaptureFixture,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    violation: str,
) -> None:
    (corpus / "pkg" / "node.py").unlink()
    _broken_fixes(monkeypatch, how)
    code, out = _sweep(corpus, capsys)
    assert code == 1, out
    assert f"  {violation}" in out, out
    assert "FAILED" in out


def test_sweep_reports_a_crash_and_a_tier_that_drops_a_finding(
    corpus: Path,
    capsys: pytest.CaptureFixture,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(toolcfg.fixing, "finding_edits", crash)  # only json edits use it
    real = prefilter.may_register
    monkeypatch.setattr(prefilter, "may_register", lambda data: real(data) and b"TCF041" in data)
    code, out = _sweep(corpus, capsys)
    assert code == 1
    # pkg/node.py gets to the json edits, which crash: the runner reports that bug as an
    # internal error of toolcfg. naive.py is ruled out by the patched prefilter (so never
    # fixed), though it has a finding: the tier check catches that.
    assert "  internal-error: 1" in out, out
    assert "  tier-miss: 1" in out, out
    assert "naive.py: tier-miss: the prefilter tier dropped TCF001" in out, out
