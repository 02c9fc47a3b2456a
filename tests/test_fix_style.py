"""Fixes spell an optional annotation as the project writes it (``toolcfg/linter/spelling.py``).

Each test writes a small project whose code the project's own ruff (a test dependency)
accepts, for the project's target Python, runs ``toolcfg check --fix`` on it, and runs
ruff again: its ``UP`` and ``I`` rules must report nothing on what the fix wrote. The
spellings are pinned too, so that a change of policy is a change of these tests:

- a helper: ``RunnableConfig | None`` from Python 3.10 or under future annotations;
- a node (LangGraph reads the annotation, and its text under future annotations):
  ``RunnableConfig | None`` from 3.10 without future annotations, else
  ``Optional[RunnableConfig]``, with ``# noqa: UP045`` where the project's ruff would
  rewrite it;
- a ``BaseTool``'s ``run_manager`` (``typing.get_type_hints`` evaluates it):
  ``... | None`` from 3.10, else ``Optional[...]``, with the ``noqa`` where ruff asks.
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
from click.testing import CliRunner

from toolcfg.cli import main

TARGETS = ("3.9", "3.10", "3.12")
KEEP = "  # noqa: UP045"

NODES = """\
{future}from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def summarize(text: str) -> str:
    return (await llm.ainvoke(text)).content


async def agent(state: MessagesState) -> dict:
    return {{"messages": [await llm.ainvoke(state["messages"])]}}


async def writer(state: MessagesState) -> dict:
    return {{"messages": [await summarize(state["messages"][-1].content)]}}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
builder.add_node("writer", writer)
"""

TOOLS = """\
{future}from langchain_core.tools import BaseTool

from app.llm import llm


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(self, query: str) -> str:
        return (await llm.ainvoke(query)).content
"""

#: A direct call of the node: its config parameter gets a default.
CALLER = """\
from app.nodes import agent


async def test_agent() -> None:
    await agent({"messages": []})
"""

FUTURE = "from __future__ import annotations\n\n"


def project(root: Path, target: str, future: bool, ruff: str = 'select = ["UP", "I"]') -> Path:
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "app"\nrequires-python = ">={target}"\n\n[tool.ruff.lint]\n{ruff}\n'
    )
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "llm.py").write_text("llm = None\n")
    head = FUTURE if future else ""
    (root / "app" / "nodes.py").write_text(NODES.format(future=head))
    (root / "app" / "tools.py").write_text(TOOLS.format(future=head))
    (root / "app" / "test_nodes.py").write_text(CALLER)
    return root


def ruff_check(root: Path) -> List[str]:
    """What the project's own ruff reports, one line each."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=root,
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith("app")]


def fix(root: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--fix", str(root)])
    assert result.exit_code == 0, result.output


def signature_lines(path: Path, name: str) -> str:
    """The lines of ``def name(...)``, up to its colon."""
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if f"def {name}(" in line)
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith(":"))
    return "\n".join(lines[start : end + 1])


def expected_spellings(target: str, future: bool) -> Dict[str, str]:
    pep604 = target != "3.9"
    helper = "RunnableConfig | None" if pep604 or future else "Optional[RunnableConfig]"
    if future:
        node = "Optional[RunnableConfig] = None," + KEEP
    elif pep604:
        node = "RunnableConfig | None = None"
    else:
        node = "Optional[RunnableConfig] = None"
    if pep604:
        manager = "AsyncCallbackManagerForToolRun | None = None"
    elif future:
        manager = "Optional[AsyncCallbackManagerForToolRun] = None," + KEEP
    else:
        manager = "Optional[AsyncCallbackManagerForToolRun] = None"
    return {"summarize": f"config: {helper} = None", "agent": node, "_arun": manager}


@pytest.mark.parametrize("future", [False, True], ids=["plain", "future"])
@pytest.mark.parametrize("target", ["3.9", "3.10"])
def test_the_project_ruff_accepts_what_the_fix_writes(
    tmp_path: Path, target: str, future: bool
) -> None:
    """The forwarding fixes (nothing is lost from Python 3.11, so nothing to fix there)."""
    root = project(tmp_path / "p", target, future)
    assert ruff_check(root) == []
    fix(root)
    nodes, tools = root / "app" / "nodes.py", root / "app" / "tools.py"
    written = {
        "summarize": signature_lines(nodes, "summarize"),
        "agent": signature_lines(nodes, "agent"),
        "_arun": signature_lines(tools, "_arun"),
    }
    for name, spelled in expected_spellings(target, future).items():
        assert spelled in written[name], written[name]
    assert ruff_check(root) == []


def test_without_up045_the_fix_writes_no_noqa(tmp_path: Path) -> None:
    """A project whose ruff does not select UP045 for the file gets plain ``Optional``."""
    selected = project(tmp_path / "p", "3.10", True, ruff='select = ["I"]')
    fix(selected)
    assert (
        "config: Optional[RunnableConfig] = None) -> dict:"
        in (selected / "app" / "nodes.py").read_text()
    )
    ignored = project(
        tmp_path / "q",
        "3.10",
        True,
        ruff='select = ["UP", "I"]\nper-file-ignores = {"app/nodes.py" = ["UP045"]}',
    )
    fix(ignored)
    assert (
        "config: Optional[RunnableConfig] = None) -> dict:"
        in (ignored / "app" / "nodes.py").read_text()
    )
    assert ruff_check(ignored) == []


DICT_NODE = """\
{future}from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def agent(state: MessagesState, config: dict = None) -> dict:
    return {{"messages": [await llm.ainvoke(state["messages"], config=config)]}}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
"""


@pytest.mark.parametrize("future", [False, True], ids=["plain", "future"])
@pytest.mark.parametrize("target", TARGETS)
def test_the_project_ruff_accepts_the_node_annotation_fix(
    tmp_path: Path, target: str, future: bool
) -> None:
    """TCF105 bites on every Python: a defaulted ``config: dict`` becomes an optional
    ``RunnableConfig`` LangGraph injects, spelled as the project's ruff accepts it."""
    root = project(tmp_path / "p", target, future)
    (root / "app" / "nodes.py").write_text(DICT_NODE.format(future=FUTURE if future else ""))
    (root / "app" / "tools.py").unlink()
    assert ruff_check(root) == []
    fix(root)
    written = signature_lines(root / "app" / "nodes.py", "agent")
    assert expected_spellings(target, future)["agent"] in written, written
    assert ruff_check(root) == []


def test_the_node_annotation_fix_keeps_optional_where_ruff_would_rewrite_it(
    tmp_path: Path,
) -> None:
    """TCF105 under future annotations: ``RunnableConfig | None`` is not injected, and
    ``Optional[RunnableConfig]`` would be rewritten into it by ``ruff check --fix``."""
    root = project(tmp_path / "p", "3.10", True)
    (root / "app" / "nodes.py").write_text(
        FUTURE
        + "from langchain_core.runnables import RunnableConfig\n"
        + "from langgraph.graph import MessagesState, StateGraph\n\nfrom app.llm import llm\n\n\n"
        + "async def agent(state: MessagesState, config: RunnableConfig | None = None) -> dict:\n"
        + '    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}\n\n\n'
        + 'builder = StateGraph(MessagesState)\nbuilder.add_node("agent", agent)\n'
    )
    (root / "app" / "tools.py").unlink()
    assert ruff_check(root) == []
    fix(root)
    assert signature_lines(root / "app" / "nodes.py", "agent") == (
        "async def agent(\n"
        "    state: MessagesState,\n"
        "    config: Optional[RunnableConfig] = None," + KEEP + "\n"
        ") -> dict:"
    )
    assert ruff_check(root) == []
    # ruff's own fixes leave it alone: the loop with TCF105 is over.
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--fix", "."], cwd=root, check=False
    )
    assert "Optional[RunnableConfig] = None," + KEEP in (root / "app" / "nodes.py").read_text()


ECHO = '''
class Echo:
    """Answers with the marker of the config it is explicitly given."""

    async def ainvoke(self, input: Any, config: Any = None) -> Any:
        return (config or {}).get("configurable", {}).get("marker")


llm = Echo()


class State(TypedDict, total=False):
    seen: Any


async def node(state: State) -> dict:
    return {"seen": await llm.ainvoke("hi")}


builder = StateGraph(State)
builder.add_node("node", node)
builder.add_edge(START, "node")
builder.add_edge("node", END)
'''


@pytest.mark.parametrize("future", [False, True], ids=["plain", "future"])
@pytest.mark.skipif(sys.version_info < (3, 10), reason="the project targets Python 3.10")
def test_langgraph_injects_the_spelling_the_fix_writes(
    tmp_path: Path, future: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The node, defaulted for its direct caller, receives the config as the fix spells it
    (``RunnableConfig | None`` without future annotations, ``Optional`` with them)."""
    root = tmp_path / "p"
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\nrequires-python = ">=3.10"\n\n'
        '[tool.ruff.lint]\nselect = ["UP", "I"]\n'
    )
    head = FUTURE if future else ""
    source = (
        head
        + "from typing import Any\n\nfrom langgraph.graph import END, START, StateGraph\n"
        + "from typing_extensions import TypedDict\n"
        + ECHO
    )
    path = root / "app" / "graph.py"
    path.write_text(source)
    (root / "app" / "test_graph.py").write_text(
        "from app.graph import node\n\n\nasync def test_node() -> None:\n    await node({})\n"
    )
    fix(root)
    fixed = path.read_text()
    assert ("Optional[RunnableConfig] = None," + KEEP if future else "RunnableConfig | None") in (
        fixed
    )
    name = f"fixed_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # for get_type_hints
    spec.loader.exec_module(module)
    graph = module.builder.compile()
    config: Dict[str, Any] = {"configurable": {"marker": 42}}
    assert asyncio.run(graph.ainvoke({}, config=config))["seen"] == 42


HOOK = """\
from __future__ import annotations

from typing import Any

from langchain.agents.middleware import AgentMiddleware


class Review(AgentMiddleware):
    async def abefore_model(
        self,
        state: Any,  # the agent's state
        runtime: Any,
    ) -> dict[str, Any] | None:
        await self.llm.ainvoke("review")
        return None
"""


def test_a_signature_laid_out_per_line_keeps_its_comments(tmp_path: Path) -> None:
    """A hook's config always has a default (its override must match the base class)."""
    root = project(tmp_path / "p", "3.10", True)
    (root / "app" / "nodes.py").write_text(HOOK)
    (root / "app" / "tools.py").unlink()
    assert ruff_check(root) == []
    fix(root)
    assert signature_lines(root / "app" / "nodes.py", "abefore_model") == (
        "    async def abefore_model(\n"
        "        self,\n"
        "        state: Any,  # the agent's state\n"
        "        runtime: Any,\n"
        "        config: Optional[RunnableConfig] = None," + KEEP + "\n"
        "    ) -> dict[str, Any] | None:"
    )
    assert ruff_check(root) == []
