"""Jupyter notebooks, checked and fixed as ruff does: the code cells as one module, findings
at their cell and line, fixes written back into the cells, everything else of the file kept
byte for byte. Notebooks are written by ``nbformat``, as Jupyter writes them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List

import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import fuzz_examples, invoke, lines

from toolcfg import notebooks

SETUP = "%pip install -q langgraph\nfrom langgraph.graph import START, StateGraph"
NODE = 'async def agent(state):\n    return {"messages": [await model.ainvoke(state["messages"])]}'
GRAPH = (
    'builder = StateGraph(dict)\nbuilder.add_node("agent", agent)\nbuilder.add_edge(START, "agent")\n'
    'graph = builder.compile()\nresult = await graph.ainvoke({"messages": []})\nresult'
)
MESSAGE = (
    "TCF041 [*] LangGraph node `agent` takes no `config` parameter, so 1 runnable call drops the "
    "caller's config on Python 3.9 and 3.10"
)


def write_notebook(path: Path, *sources: str, kernel: str = "python3") -> bytes:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": kernel,
        "display_name": kernel,
        "language": "python" if kernel.startswith("python") else kernel,
    }
    notebook.cells = [nbformat.v4.new_markdown_cell("# An agent")]
    path.parent.mkdir(parents=True, exist_ok=True)
    for number, source in enumerate(sources):
        cell = nbformat.v4.new_code_cell(source, execution_count=number + 1)
        cell.outputs = [nbformat.v4.new_output("stream", text=f"output {number}\n")]
        cell.metadata["tags"] = ["kept"]
        notebook.cells.append(cell)
    nbformat.write(notebook, str(path))
    return path.read_bytes()


def test_a_node_in_one_cell_registered_in_another_is_reported_at_its_cell(workdir: Path) -> None:
    write_notebook(workdir / "agent.ipynb", SETUP, NODE, GRAPH)
    result = invoke("check", "--no-cache", "agent.ipynb")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"agent.ipynb:cell 3:1:11: {MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    [item] = json.loads(invoke("check", "--no-cache", "--output-format", "json", ".").stdout)
    assert (item["cell"], item["location"], item["end_location"]) == (
        3,
        {"row": 1, "column": 11},
        {"row": 1, "column": 16},
    )


def test_the_fix_changes_only_the_sources_of_the_cells_it_fixes(workdir: Path) -> None:
    path = workdir / "agent.ipynb"
    before = write_notebook(path, SETUP, NODE, GRAPH)
    assert invoke("check", "--no-cache", "--fix", "agent.ipynb").exit_code == 0
    after = path.read_bytes()
    old, new = json.loads(before), json.loads(after)
    # Outputs, metadata and the other cells are as they were; only two sources changed.
    for key in ("metadata", "nbformat", "nbformat_minor"):
        assert new[key] == old[key]
    for old_cell, new_cell in zip(old["cells"], new["cells"]):
        assert {k: v for k, v in old_cell.items() if k != "source"} == {
            k: v for k, v in new_cell.items() if k != "source"
        }
    sources = ["".join(cell["source"]) for cell in new["cells"]]
    assert sources[1] == (
        "%pip install -q langgraph\nfrom langchain_core.runnables import RunnableConfig\n"
        "from langgraph.graph import START, StateGraph"
    )
    assert sources[2] == (
        "async def agent(state, config: RunnableConfig):\n"
        '    return {"messages": [await model.ainvoke(state["messages"], config=config)]}'
    )
    assert sources[3] == GRAPH
    # Byte for byte outside the two sources: the file is laid out as nbformat laid it out.
    assert _outside_sources(after) == _outside_sources(before)
    nbformat.validate(nbformat.reads(after.decode(), as_version=4))
    assert lines(invoke("check", "--no-cache", "agent.ipynb").stdout) == ["All checks passed!"]


def _outside_sources(data: bytes) -> List[str]:
    notebook = notebooks.parse(data.decode())
    text, pieces, last = notebook.text, [], 0
    for cell in notebook.cells:
        pieces.append(text[last : cell.span[0]])
        last = cell.span[1]
    return [*pieces, text[last:]]


def test_notebooks_are_found_in_directories_and_other_kernels_have_no_cells(
    workdir: Path,
) -> None:
    write_notebook(workdir / "nb" / "agent.ipynb", SETUP, NODE, GRAPH)
    write_notebook(workdir / "nb" / "r.ipynb", "library(ggplot2)\nx <- 1", kernel="ir")
    assert lines(invoke("check", "--no-cache", ".").stdout) == [
        f"nb/agent.ipynb:cell 3:1:11: {MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_a_file_that_is_no_notebook_is_a_parse_error(workdir: Path) -> None:
    (workdir / "broken.ipynb").write_text('{"cells": [')
    result = invoke("check", "--no-cache", "broken.ipynb")
    assert result.exit_code == 2
    assert lines(result.stdout)[0].startswith("broken.ipynb:1:1: read-error: not a notebook: ")


_CODE = st.sampled_from(
    [
        "x = 1",
        "%matplotlib inline",
        "!ls -la",
        "import os\nprint(os.getcwd())",
        "result = await asyncio.sleep(0)",
        "def add(a, b):\n    return a + b\n",
        "for i in range(3):\n    print(i)\n\n",
        "",
        "# émigré ünïcode",
        "from langgraph.graph import StateGraph\nbuilder = StateGraph(dict)",
        "async def node(state, config):\n    return await m.ainvoke(state, config)",
    ]
)


@settings(
    max_examples=fuzz_examples(40),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=st.lists(_CODE, min_size=1, max_size=5), indent=st.sampled_from([1, 2, None]))
def test_a_notebook_with_no_finding_is_never_rewritten(
    workdir: Path, cells: List[str], indent: Any
) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    text = json.dumps(notebook, indent=indent, ensure_ascii=False)
    path = workdir / "clean.ipynb"
    path.write_text(text, encoding="utf-8")
    result = invoke("check", "--no-cache", "--fix", "clean.ipynb")
    assert result.exit_code == 0, result.stdout
    assert path.read_text(encoding="utf-8") == text
    parsed = notebooks.parse(text)
    assert parsed.with_module(parsed.module()) == text


def test_the_machine_formats_place_a_finding_in_its_cell(workdir: Path) -> None:
    """ruff's shapes hold for a notebook too: json's noqa_row, and every CI format's line,
    count in the cell."""
    write_notebook(workdir / "agent.ipynb", SETUP, NODE, GRAPH)
    [item] = json.loads(invoke("check", "--output-format", "json", ".").stdout)
    assert (item["cell"], item["noqa_row"]) == (3, 1)
    edits = item["fix"]["edits"]
    assert [edit["location"]["row"] for edit in edits] == [2, 1, 2]
    [annotation] = lines(invoke("check", "--output-format", "github", ".").stdout)
    assert f"file={workdir / 'agent.ipynb'},line=1,col=11,endLine=1,endColumn=16::" in annotation
    assert "::agent.ipynb:cell 3:1:11: TCF041 " in annotation
    grouped = lines(invoke("check", "--output-format", "grouped", ".").stdout)
    assert grouped[:2] == ["agent.ipynb:", f"  cell 3:1:11 {MESSAGE}"]
    [issue] = json.loads(invoke("check", "--output-format", "gitlab", ".").stdout)
    assert issue["location"]["positions"]["begin"] == {"line": 1, "column": 11}


def test_add_noqa_writes_the_comment_into_the_cell(workdir: Path) -> None:
    write_notebook(workdir / "agent.ipynb", SETUP, NODE, GRAPH)
    result = invoke("check", "--add-noqa", "agent.ipynb")
    assert (result.exit_code, result.stderr) == (0, "Added 1 noqa directive.\n")
    cells = json.loads((workdir / "agent.ipynb").read_text())["cells"]
    assert "".join(cells[2]["source"]).startswith("async def agent(state):  # noqa: TCF041\n")
    assert invoke("check", "agent.ipynb").stdout == "All checks passed!\n"


def test_a_warm_run_places_a_finding_in_its_cell_as_a_cold_one_does(workdir: Path) -> None:
    """The run cache holds findings in the cells' module: a run from it must still map
    them to their cell (it printed `agent.ipynb:4:11`)."""
    write_notebook(workdir / "agent.ipynb", SETUP, NODE, GRAPH)
    cold, warm = invoke("check", "."), invoke("check", ".")
    assert lines(cold.stdout)[0] == f"agent.ipynb:cell 3:1:11: {MESSAGE}"
    assert warm.stdout == cold.stdout


def test_shell_lines_continued_and_cell_magics_are_not_python(workdir: Path) -> None:
    """Seen in a real notebook: ``!agentcore create \\`` continued on indented lines, which
    read as Python were an unexpected indent; a ``%%bash`` cell is no Python at all."""
    path = workdir / "agent.ipynb"
    before = write_notebook(
        path,
        SETUP,
        "!agentcore create \\\n    --name demo \\\n    --framework LangGraph\nx = 1",
        "%%bash\nls -la\n  echo done",
        NODE,
        GRAPH,
    )
    result = invoke("check", "--no-cache", "--fix", "agent.ipynb")
    assert result.exit_code == 0, result.stdout
    fixed = json.loads(path.read_bytes())
    sources = ["".join(cell["source"]) for cell in fixed["cells"]]
    assert (
        sources[2] == "!agentcore create \\\n    --name demo \\\n    --framework LangGraph\nx = 1"
    )
    assert sources[3] == "%%bash\nls -la\n  echo done"
    assert "config: RunnableConfig" in sources[4]
    assert json.loads(before)["cells"][2] == fixed["cells"][2]
