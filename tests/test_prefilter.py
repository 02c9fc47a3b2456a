"""The byte prefilter never rules out a file the analysis reports, and costs no import.

``toolcfg.prefilter.may_register`` decides which files the project index summarises: a file
that can hand a function to LangChain or LangGraph. A module checked on its own
(``toolcfg.pipeline.check_source``) has findings only where it registers something itself,
so every such module must pass. The same property is checked over the benchmark corpus by
``bench/bench.py --verify-prefilter``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from toolcfg.linter.context import Context
from toolcfg.pipeline import check_source
from toolcfg.prefilter import may_register
from toolcfg.rules import RULES

TESTS = Path(__file__).parent
SOURCES = sorted(
    [*TESTS.glob("cases/**/*.py"), *(TESTS.parent / "examples").glob("*.py")],
    key=str,
)


#: Every rule, wherever it bites: the widest set of findings the analysis can give.
EVERYTHING = Context(selected=lambda code: code in RULES)


def _findings(path: Path) -> list[str]:
    return [finding.code for finding in check_source(path.read_bytes(), EVERYTHING, str(path))]


@pytest.mark.parametrize(
    "path", SOURCES, ids=lambda path: path.relative_to(TESTS.parent).as_posix()
)
def test_prefilter_keeps_every_file_with_findings(path: Path) -> None:
    findings = [code for code in _findings(path) if code != "TCF901"]
    assert may_register(path.read_bytes()) or not findings, findings


def test_the_sources_include_files_with_findings() -> None:
    # Guards the test above against passing vacuously.
    assert sum(bool(_findings(path)) for path in SOURCES) > 50


@pytest.mark.parametrize(
    "source",
    [
        b"from langchain_core.tools import tool\n@tool\nasync def f(q):\n    return await m . ainvoke (q)\n",
        b"from langchain_core.tools import tool\n@tool\nasync def f(q):\n    return await m.\\\n        ainvoke(q)\n",
        b"from langchain_core.tools import tool as lc\n@lc\nasync def f(q):\n    return await m.astream_events(q)\n",
        b"import langchain_core.tools as t\n@t.tool\nasync def f(q):\n    return await m.abatch([q])\n",
        b"from langgraph.graph import StateGraph\ng.add_node('a', node)\nasync def node(s):\n    return await m.ainvoke(s)\n",
        b"from langchain_core.runnables import RunnableLambda as RL\nr = RL(f)\ndef f(x, cfg: RunnableConfig): pass\n",
    ],
)
def test_prefilter_keeps_unusual_spellings(source: bytes) -> None:
    assert may_register(source)


@pytest.mark.parametrize(
    "source",
    [
        b"import os\nprint(os.getcwd())\n",
        b"from crewai.tools import tool\n@tool\nasync def f(q):\n    return await m.ainvoke(q)\n",
        b"from langchain_core.tools import BaseTool\nx = 1\n",
    ],
)
def test_prefilter_rules_out_files_without_targets(source: bytes) -> None:
    assert not may_register(source)


def test_checking_files_without_candidates_does_not_import_libcst(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("import os\nprint(os.getcwd())\n")
    (tmp_path / "tools.py").write_text("from langchain_core.tools import BaseTool\n")
    script = (
        "import sys\n"
        "from toolcfg.cli import main\n"
        "try:\n"
        "    main(['check', '--no-cache', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print('libcst' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"
