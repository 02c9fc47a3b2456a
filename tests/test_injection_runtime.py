"""Runtime proof for the declaration rules (TCF101-TCF105), with the installed packages.

Each case in ``tests/cases/declarations/`` is imported in-process, with small stand-ins for
the ``app.*`` modules the cases import. The stand-in chat model answers with the
``marker`` of the config it is *explicitly* given, so a test sees exactly what the
function received and passed on, whatever the Python version (on 3.11+ the context
variable would otherwise carry the config anyway).

- A ``.fixed.py`` must receive the caller's config: ``config={"configurable": {"marker":
  42}}`` reaches the function, and for tools ``config`` is neither in ``tool.args`` nor in
  the args schema.
- The naive case must *not* receive it, where FACTS.md says so on this Python and
  langchain-core: this is what makes each rule about something real.
- Every ``# expect: nothing`` case that FACTS.md lists as working receives the config.
- toolcfg's own fix, safe and unsafe, gives code that receives the config.

The test code itself runs on Python 3.9: sources that use ``X | None`` are only evaluated
under ``from __future__ import annotations``, or skipped before 3.10.
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import re
import shutil
import sys
import textwrap
import uuid
import warnings
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import langchain_core
import pytest
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.graph import END, START, StateGraph
from langgraph.pregel import Pregel
from support import fix_file

CASES_DIR = Path(__file__).parent / "cases" / "declarations"
MARKER = 42
CALLER_CONFIG = {"configurable": {"marker": MARKER, "user_id": MARKER}}


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


CORE = _version(langchain_core.__version__)
LANGGRAPH_WARNING = "'config' parameter should be typed"

# The naive LangGraph cases make LangGraph warn; the fixed ones must not (checked below).
pytestmark = pytest.mark.filterwarnings(f"ignore:The {LANGGRAPH_WARNING}:UserWarning")

#: ``config: RunnableConfig = None`` in a tool: Python <= 3.10's get_type_hints turns it
#: into Optional[RunnableConfig], which langchain-core ignores up to 1.5.6 (FACTS.md).
DEFAULT_NONE_IGNORED = sys.version_info < (3, 11) and CORE <= (1, 5, 6)


# -- stand-ins for the app.* modules the cases import ----------------------------------------


class _Reply:
    def __init__(self, content: Any) -> None:
        self.content = content


class EchoModel:
    """A chat model stand-in: answers with the marker of the config it is passed."""

    @staticmethod
    def _answer(config: Any) -> _Reply:
        return _Reply(((config or {}).get("configurable") or {}).get("marker"))

    async def ainvoke(self, input: Any, config: Any = None, **kwargs: Any) -> _Reply:
        return self._answer(config)

    def invoke(self, input: Any, config: Any = None, **kwargs: Any) -> _Reply:
        return self._answer(config)


async def _lookup(user: Any, query: str) -> Any:
    return user


def _find_user(user_id: Any) -> SimpleNamespace:
    return SimpleNamespace(name=user_id)


def _state_module() -> ModuleType:
    module = ModuleType("app.state")
    source = textwrap.dedent(
        """
        from typing import Any
        from typing_extensions import TypedDict

        class State(TypedDict, total=False):
            messages: Any
            user_id: Any
        """
    )
    exec(compile(source, "app/state.py", "exec"), module.__dict__)  # our own source
    return module


@pytest.fixture(autouse=True)
def app_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = {
        "app": ModuleType("app"),
        "app.llm": ModuleType("app.llm"),
        "app.users": ModuleType("app.users"),
        "app.settings": ModuleType("app.settings"),
        "app.state": _state_module(),
    }
    modules["app.llm"].llm = EchoModel()
    modules["app.users"].lookup = _lookup
    modules["app.users"].find_user = _find_user
    modules["app.settings"].load_settings = lambda: SimpleNamespace(style="plain")
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
        if "." in name:
            setattr(modules["app"], name.split(".", 1)[1], module)


def load(path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import a source file under a fresh module name."""
    name = f"declaration_case_{path.stem.replace('.', '_')}_{uuid.uuid4().hex[:8]}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


# -- running whatever a case defines ------------------------------------------------------------


def find_tool(module: ModuleType) -> BaseTool | None:
    for value in vars(module).values():
        if isinstance(value, BaseTool):
            return value
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, BaseTool)
            and value.__module__ == module.__name__
        ):
            return value()
    return None


def _is_async_tool(tool: BaseTool) -> bool:
    if isinstance(tool, StructuredTool):
        return tool.coroutine is not None
    return type(tool)._arun is not BaseTool._arun


def schema_properties(tool: BaseTool) -> set[str]:
    """The properties of the tool's input schema and of the schema the model is shown."""
    found: set[str] = set()
    for schema in (tool.get_input_schema(), tool.tool_call_schema):
        if isinstance(schema, dict):
            found |= set(schema.get("properties", {}))
        else:
            as_json = getattr(schema, "model_json_schema", None) or schema.schema
            found |= set(as_json().get("properties", {}))
    return found


def run_tool(tool: BaseTool) -> Any:
    args = {name: "x" for name in tool.args if name != "config"}
    if _is_async_tool(tool):
        return asyncio.run(tool.ainvoke(args, config=CALLER_CONFIG))
    return tool.invoke(args, config=CALLER_CONFIG)


def run_graph(builder: StateGraph) -> Any:
    (name,) = list(builder.nodes)
    builder.add_edge(START, name)
    builder.add_edge(name, END)
    graph = builder.compile()
    result = asyncio.run(graph.ainvoke({"messages": ["hello"]}, config=CALLER_CONFIG))
    messages = result.get("messages") or []
    if messages and isinstance(messages[0], _Reply):
        return messages[0].content
    return result.get("user_id")


def observed(module: ModuleType) -> Any:
    """Run what the case defines with the caller's config; return the marker it saw."""
    tool = find_tool(module)
    if tool is not None:
        return run_tool(tool)
    builder = getattr(module, "builder", None)
    if isinstance(builder, StateGraph):
        return run_graph(builder)
    for value in vars(module).values():
        if isinstance(value, Pregel):  # an @entrypoint
            return asyncio.run(value.ainvoke("hello", config=CALLER_CONFIG))
    for value in vars(module).values():
        if isinstance(value, RunnableLambda):
            if inspect.iscoroutinefunction(getattr(value, "afunc", None)):
                return asyncio.run(value.ainvoke("hello", config=CALLER_CONFIG))
            return value.invoke("hello", config=CALLER_CONFIG)
    raise AssertionError(f"{module.__name__} defines nothing to run")


def outcome(path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What the case saw, or the exception that stopped it (at import, build or call)."""
    try:
        return observed(load(path, monkeypatch))
    except Exception as error:  # a lost config often shows up as an error
        return error


def assert_receives_config(
    path: Path, monkeypatch: pytest.MonkeyPatch, schema_leaks: bool = False
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = load(path, monkeypatch)
        tool = find_tool(module)
        if tool is not None:
            assert ("config" in tool.args) == schema_leaks
            assert ("config" in schema_properties(tool)) == schema_leaks
        assert observed(module) == MARKER
    # LangGraph (1.x) warns about a config annotation it will not inject.
    assert [str(w.message) for w in caught if LANGGRAPH_WARNING in str(w.message)] == []


# -- the cases ------------------------------------------------------------------------------------

#: Cases with a ``.fixed.py``: does the naive version lose the config on this Python and
#: core, and (tools) does ``config`` leak into the args schema? ``None``: not checked.
NAIVE: dict[str, tuple[bool, bool | None]] = {
    # tools
    "tool_optional_default": (True, True),
    "tool_optional_no_default": (True, True),
    # Before 3.10 pydantic cannot evaluate `RunnableConfig | None` to build the schema.
    "tool_pipe_none": (True, True if sys.version_info >= (3, 10) else None),
    "tool_union_none": (True, True),
    "tool_default_none": (DEFAULT_NONE_IGNORED, DEFAULT_NONE_IGNORED),
    "tool_optional_alias": (True, True),
    "tool_optional_reads_configurable": (True, True),
    "tool_untyped_config": (True, True),
    "tool_untyped_config_default": (True, True),
    "tool_dict_config": (True, True),
    "tool_dict_str_any_config": (True, True),
    "tool_any_config": (True, True),
    "tool_optional_dict_config": (True, True),
    # RunnableConfig only under TYPE_CHECKING: the tool cannot even be built or called.
    "tool_type_checking_future": (True, None),
    "tool_type_checking_quoted": (True, None),
    "tool_type_checking_optional": (True, None),
    "coroutine_optional_no_default": (True, True),
    "coroutine_untyped_config": (True, True),
    # A BaseTool without args_schema takes its schema from _run.
    "base_tool_run_optional": (True, True),
    # A run_manager type only under TYPE_CHECKING: the required config raises TypeError.
    "base_tool_type_checking_run_manager": (True, None),
    "sync_tool_optional": (True, True),
    # RunnableLambda and @chain
    "lambda_cfg": (True, None),
    "chain_cfg_default": (True, None),
    "lambda_kwargs": (True, None),
    # LangGraph nodes and @entrypoint
    "node_future_pipe_none": (True, None),
    "node_future_typing_optional": (True, None),
    "node_future_union_none": (True, None),
    "node_future_module_attribute": (True, None),
    "node_future_alias": (True, None),
    "node_future_quoted": (True, None),
    "node_quoted_pipe_none": (True, None),
    "node_optional_forward_ref": (True, None),
    "node_cfg": (True, None),
    "node_cfg_future_alias": (True, None),
    "node_cfg_future_pipe_none": (True, None),
    "node_runnable_config_default": (True, None),
    "node_sync_cfg": (True, None),
    "node_dict_default": (True, None),
    "node_dict": (True, None),
    "node_any": (True, None),
    "node_dict_reads_configurable": (True, None),
    "node_dict_type_checking_import": (True, None),
    "node_kwargs": (True, None),
    "entrypoint_future_pipe_none": (True, None),
    "entrypoint_cfg": (True, None),
    "entrypoint_dict_default": (True, None),
    "node_cfg_class_attribute": (True, None),
    "node_cfg_nested_default": (True, None),
    # An async-generator node is a RunnableLambda: injected by name, but not passed on.
    "node_generator_dict_default": (True, None),
}

#: Cases with a ``.fixed.py`` whose config is not checked here, and why.
NOT_RUN = {
    # An ordinary tool argument named `config`: langchain-core shadows it with the
    # injected RunnableConfig, so this tool fails before and after the TCF001 fix.
    "tool_config_argument_calls_model": "a tool argument named config is shadowed by LangChain",
    # ToolRuntime is injected only when ToolNode or an agent runs the tool, and its schema
    # cannot be built on its own.
    "tool_runtime_config": "ToolRuntime is injected by ToolNode, not by a direct call",
}

#: A ``BaseTool`` subclass without ``args_schema`` gets its schema from ``_run``'s
#: signature, where langchain-core filters only ``run_manager`` and ``callbacks``: an
#: injected ``config: RunnableConfig`` on ``_run`` is received, but also shows up in the
#: schema. The fix cannot help that (a config on ``_arun`` stays out of it).
SCHEMA_FROM_RUN = {"base_tool_run_optional"}

#: Cases that FACTS.md lists as receiving the config: ``# expect: nothing``, or only a
#: nesting rule (TCF003, TCF013, TCF023) for forwarding it unchanged, whose safe fix
#: (``.fixed.py``) must keep the config received.
WORKING = [
    "tool_bare_config",
    "tool_other_name",
    "tool_keyword_only",
    "tool_quoted",
    "tool_future_runtime_import",
    "coroutine_bare_config",
    "base_tool_arun_config",
    "lambda_config_optional",
    "lambda_config_unannotated_keyword_only",
    "lambda_config_dict",
    "node_config_unannotated",
    "node_config_bare",
    "node_config_optional",
    "node_config_typing_optional",
    "node_config_pipe_none",
    "node_config_keyword_only",
    "node_config_module_attribute",
    "node_future_optional_by_name",
    "node_future_bare",
    "node_quoted",
    "entrypoint_config",
    "node_generator_dict_reads_configurable",
]

#: Cases whose config fix (TCF101) is unsafe, so ``--fix`` leaves them as they are (no
#: ``.fixed.py``): fixed here with ``unsafe_fixes=True``.
UNSAFE_ONLY = [
    "tool_optional_earlier_default",
    "coroutine_optional_default",
    "base_tool_arun_optional",
]

#: Before Python 3.10, ``RunnableConfig | None`` fails when evaluated at run time.
NEEDS_310 = {"node_config_pipe_none"}


def _case(name: str) -> Path:
    return CASES_DIR / f"{name}.py"


def _fixed(name: str) -> Path:
    return CASES_DIR / f"{name}.fixed.py"


def _unevaluable_here(name: str) -> bool:
    """Before Python 3.10, ``RunnableConfig | None`` fails when the module defines the
    function: the case cannot run at all, which is asserted instead."""
    return name in NEEDS_310 and sys.version_info < (3, 10)


def _expected_codes(name: str) -> set[str]:
    header = _case(name).read_text().splitlines()[0]
    assert header.startswith("# expect: ")
    return set(header[len("# expect: ") :].split()) - {"nothing"}


NESTING = {"TCF003", "TCF013", "TCF023"}
#: The working cases with a nesting fix.
NESTED = sorted(name for name in WORKING if _fixed(name).exists())


def test_every_fixed_case_is_covered() -> None:
    fixed = {path.name[: -len(".fixed.py")] for path in CASES_DIR.glob("*.fixed.py")}
    assert fixed == set(NAIVE) | set(NOT_RUN) | set(NESTED)
    # A config that is never injected is passed on as None: no nesting claim, no safe fix.
    assert not any(_fixed(name).exists() for name in UNSAFE_ONLY)
    assert {name: _expected_codes(name) - NESTING for name in WORKING} == {
        name: set() for name in WORKING
    }
    assert all(_expected_codes(name) for name in NESTED)


@pytest.mark.parametrize("name", sorted(NAIVE))
def test_fixed_case_receives_config(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_receives_config(_fixed(name), monkeypatch, schema_leaks=name in SCHEMA_FROM_RUN)


@pytest.mark.parametrize("name", sorted(NAIVE))
def test_naive_case_loses_config(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    loses, leaks = NAIVE[name]
    result = outcome(_case(name), monkeypatch)
    # A broken stand-in must not pass for a lost config.
    assert not isinstance(result, (ImportError, AssertionError)), result
    if loses:
        assert result != MARKER, "the naive version already receives the config"
    else:
        assert result == MARKER
    if leaks is not None:
        tool = find_tool(load(_case(name), monkeypatch))
        assert tool is not None
        in_schema = "config" in tool.args and "config" in schema_properties(tool)
        assert in_schema == leaks


@pytest.mark.parametrize("name", WORKING)
def test_working_declaration_receives_config(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if _unevaluable_here(name):
        with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \|"):
            load(_case(name), monkeypatch)
        return
    assert_receives_config(_case(name), monkeypatch)


@pytest.mark.parametrize("name", NESTED)
def test_nesting_fix_keeps_the_config_received(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forwarding the tool run's callbacks in place of the caller's config keeps the rest."""
    assert_receives_config(_fixed(name), monkeypatch)


@pytest.mark.parametrize("name", sorted(NAIVE))
def test_toolcfg_fix_receives_config(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """toolcfg's own safe fix, not the expected text, gives code that receives the config."""
    copy = tmp_path / f"{name}.py"
    shutil.copy(_case(name), copy)
    result = fix_file(copy)
    assert result.error is None, result.error
    assert copy.read_text() != _case(name).read_text(), "toolcfg did not fix the case"
    assert_receives_config(copy, monkeypatch, schema_leaks=name in SCHEMA_FROM_RUN)


@pytest.mark.parametrize("name", UNSAFE_ONLY)
def test_unsafe_fix_receives_config(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    naive = outcome(_case(name), monkeypatch)
    assert naive != MARKER, "Optional[RunnableConfig] = None is never injected"

    copy = tmp_path / f"{name}.py"
    shutil.copy(_case(name), copy)
    # A config that is never injected is passed on as None: there is no safe fix.
    safe = fix_file(copy)
    assert (safe.error, [finding.code for finding in safe.findings]) == (None, ["TCF101"])
    assert "TCF101" not in safe.fixed, "the fix must be unsafe"
    result = fix_file(copy, unsafe_fixes=True)
    assert (result.error, result.fixed, result.findings) == (None, ("TCF101",), ())
    assert_receives_config(copy, monkeypatch)


# -- self-contained sources -----------------------------------------------------------------------

#: The echo model above, as source for the self-contained modules below.
ECHO_MODEL_SOURCE = '''\
class Reply:
    def __init__(self, content: Any) -> None:
        self.content = content


class EchoModel:
    """Answers with the marker of the config it is explicitly given."""

    def invoke(self, input: Any, config: Any = None) -> Reply:
        return Reply((config or {}).get("configurable", {}).get("marker"))

    async def ainvoke(self, input: Any, config: Any = None) -> Reply:
        return self.invoke(input, config)
'''


BASE_TOOL_TYPE_CHECKING_RUN_MANAGER = (
    """\
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool

if TYPE_CHECKING:
    from langchain_core.callbacks import AsyncCallbackManagerForToolRun


"""
    + ECHO_MODEL_SOURCE
    + """

llm = EchoModel()


class MarkerTool(BaseTool):
    name: str = "marker"
    description: str = "Report the marker."

    def _run(self, query: str) -> Any:
        raise NotImplementedError

    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        config: Optional[RunnableConfig] = None,
    ) -> Any:
        return (await llm.ainvoke(query, config=config)).content
"""
)


def test_unsafe_fix_of_base_tool_with_type_checking_run_manager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FACTS.md: if any annotation of _arun cannot be resolved, nothing is injected and a
    required config raises TypeError. A TCF101 fix must then not make ``config`` required
    (TCF021 withholds its fix in the same situation), or must import the name at run time.
    """
    path = tmp_path / "marker_tool.py"
    path.write_text(BASE_TOOL_TYPE_CHECKING_RUN_MANAGER)
    assert outcome(path, monkeypatch) is None  # naive: runs, but receives no config

    fix_file(path, unsafe_fixes=True)
    # TCF103 imports the run_manager type at run time, and then TCF101 can make the
    # config required: both fixes together make the tool receive it.
    assert path.read_text() != BASE_TOOL_TYPE_CHECKING_RUN_MANAGER
    assert outcome(path, monkeypatch) == MARKER, path.read_text()


GRAPH_HEAD = (
    """\
from __future__ import annotations

from typing import Any, Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from typing_extensions import TypedDict


class State(TypedDict):
    seen: Any


"""
    + ECHO_MODEL_SOURCE
    + """

llm = EchoModel()

"""
)

GRAPH_TAIL = """

def build():
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile()
"""

#: (naive node, node after the fix) under ``from __future__ import annotations``.
GRAPH_NODES = {
    "pipe_none": (
        (
            "async def node(state: State, config: RunnableConfig | None = None) -> dict:\n"
            "    return {'seen': (await llm.ainvoke('hi', config=config)).content}\n"
        ),
        (
            "async def node(state: State, config: Optional[RunnableConfig] = None) -> dict:\n"
            "    return {'seen': (await llm.ainvoke('hi', config=config)).content}\n"
        ),
    ),
    "cfg": (
        (
            "def node(state: State, cfg: RunnableConfig = None) -> dict:\n"
            "    return {'seen': llm.invoke('hi', config=cfg).content}\n"
        ),
        (
            "def node(state: State, config: RunnableConfig = None) -> dict:\n"
            "    return {'seen': llm.invoke('hi', config=config).content}\n"
        ),
    ),
    "dict": (
        (
            "async def node(state: State, config: dict = None) -> dict:\n"
            "    return {'seen': (await llm.ainvoke('hi', config=config)).content}\n"
        ),
        (
            "async def node(state: State, config: Optional[RunnableConfig] = None) -> dict:\n"
            "    return {'seen': (await llm.ainvoke('hi', config=config)).content}\n"
        ),
    ),
}


def _graph_marker(path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    graph = load(path, monkeypatch).build()
    return asyncio.run(graph.ainvoke({"seen": None}, config=CALLER_CONFIG))["seen"]


@pytest.mark.parametrize("name", sorted(GRAPH_NODES))
def test_graph_node_fix_by_toolcfg(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tiny StateGraph: the naive node sees no marker, toolcfg's fix makes it see it."""
    naive, expected = GRAPH_NODES[name]
    path = tmp_path / f"graph_{name}.py"
    path.write_text(GRAPH_HEAD + naive + GRAPH_TAIL)
    assert _graph_marker(path, monkeypatch) is None

    result = fix_file(path)
    assert result.error is None, result.error
    assert path.read_text() == GRAPH_HEAD + expected + GRAPH_TAIL
    assert _graph_marker(path, monkeypatch) == MARKER


DECORATORS = """\
import functools


def logged(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        return await fn(*args, **kwargs)

    return wrapper


def register(fn):
    return fn


def bare(fn):
    async def wrapper(state):
        return await fn(state)

    return wrapper


"""


def _decorated_node(decorator: str) -> str:
    return (
        f"@{decorator}\n"
        "async def node(state: State) -> dict:\n"
        "    return {'seen': (await llm.ainvoke('hi')).content}\n"
    )


@pytest.mark.parametrize("decorator", ["logged", "register"])
def test_decorated_graph_node_fix_by_toolcfg(
    decorator: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a decorator of the project that passes the call on (``functools.wraps`` over
    ``*args, **kwargs``, or the node itself returned), the fixed node receives the config."""
    path = tmp_path / f"graph_{decorator}.py"
    path.write_text(GRAPH_HEAD + DECORATORS + _decorated_node(decorator) + GRAPH_TAIL)
    result = fix_file(path)
    assert result.error is None, result.error
    assert "async def node(state: State, config: RunnableConfig) -> dict:" in path.read_text()
    assert _graph_marker(path, monkeypatch) == MARKER


def test_a_node_under_a_wrapper_that_hides_its_signature_is_not_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LangGraph reads the signature of ``bare``'s wrapper, which takes no config: a config
    parameter added to the node would be required and never passed (the fix used to add
    it, and the graph raised TypeError). The finding stays, without a fix."""
    path = tmp_path / "graph_bare.py"
    source = GRAPH_HEAD + DECORATORS + _decorated_node("bare") + GRAPH_TAIL
    path.write_text(source)
    result = fix_file(path)
    assert result.error is None, result.error
    assert [f.code for f in result.findings] == ["TCF041"]
    assert result.findings[0].fix is None
    assert path.read_text() == source
    assert _graph_marker(path, monkeypatch) is None


TOOL_SOURCE = (
    """\
from __future__ import annotations

from typing import Any, Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


"""
    + ECHO_MODEL_SOURCE
    + '''

llm = EchoModel()


@tool
async def marker(query: str, config: Optional[RunnableConfig] = None) -> Any:
    """Report the marker."""
    return (await llm.ainvoke(query, config=config)).content
'''
)


def test_tool_fix_by_toolcfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A self-contained tool: naive, config leaks into the schema and is None; fixed, it is
    injected."""
    path = tmp_path / "marker_tool.py"
    path.write_text(TOOL_SOURCE)
    naive = find_tool(load(path, monkeypatch))
    assert naive is not None
    assert "config" in naive.args
    assert "config" in schema_properties(naive)
    assert asyncio.run(naive.ainvoke({"query": "x"}, config=CALLER_CONFIG)) is None

    result = fix_file(path)
    assert result.error is None, result.error
    assert "query: str, config: RunnableConfig, callbacks: Callbacks = None\n" in path.read_text()
    fixed = find_tool(load(path, monkeypatch))
    assert fixed is not None
    assert "config" not in fixed.args
    assert "config" not in schema_properties(fixed)
    assert asyncio.run(fixed.ainvoke({"query": "x"}, config=CALLER_CONFIG)) == MARKER


BASE_TOOL_SOURCE = """\
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.tools import BaseTool

from app.llm import llm


class MarkerTool(BaseTool):
    name: str = "marker"
    description: str = "Report the marker."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(
        self, query: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        return (await llm.ainvoke(query)).content
"""


def test_a_parameter_of_arun_never_shows_up_in_a_base_tools_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``BaseTool.get_input_schema`` is built from ``_run``: a config of ``_arun`` that is
    never injected stays out of the schema (TCF101 says nothing of it), and the tool that
    reads from it fails on ``None``."""
    tool = find_tool(load(_case("base_tool_arun_optional_reads"), monkeypatch))
    assert tool is not None
    assert "config" not in tool.args
    assert "config" not in schema_properties(tool)
    failed = outcome(_case("base_tool_arun_optional_reads"), monkeypatch)
    assert isinstance(failed, TypeError), failed


def test_base_tool_fix_keeps_direct_calls_of_arun_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``run_manager`` defaults to None in LangChain's own signature, and a direct call of
    ``_arun`` leaves it so: the fix takes the child only when there is one. (It used to
    forward ``run_manager.get_child()`` bare, an AttributeError here, and a mypy error.)"""
    path = tmp_path / "marker_base_tool.py"
    path.write_text(BASE_TOOL_SOURCE)
    result = fix_file(path)
    assert result.error is None, result.error
    assert "callbacks=run_manager.get_child() if run_manager else None" in path.read_text()
    fixed = find_tool(load(path, monkeypatch))
    assert fixed is not None
    assert asyncio.run(fixed.ainvoke({"query": "x"}, config=CALLER_CONFIG)) == MARKER
    direct = fixed._arun("x", config=CALLER_CONFIG)  # type: ignore[call-arg]
    assert asyncio.run(direct) == MARKER


PARALLEL_SOURCE = (
    """\
from typing import Any

from langchain_core.runnables import RunnableParallel, RunnablePassthrough


"""
    + ECHO_MODEL_SOURCE
    + """

llm = EchoModel()


async def seen(inputs: Any) -> Any:
    return (await llm.ainvoke(inputs)).content


parallel = RunnableParallel({"seen": seen})
assigned = RunnablePassthrough.assign(seen=seen)
"""
)


def test_runnable_parallel_step_fix_by_toolcfg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LangChain wraps a function among the steps of ``RunnableParallel`` or
    ``RunnablePassthrough.assign`` in a RunnableLambda, which injects ``config`` by name:
    toolcfg's fix makes the step see the caller's config."""
    path = tmp_path / "parallel_steps.py"
    path.write_text(PARALLEL_SOURCE)
    naive = load(path, monkeypatch)
    assert asyncio.run(naive.parallel.ainvoke({}, config=CALLER_CONFIG))["seen"] is None

    result = fix_file(path)
    assert result.error is None, result.error
    assert [f.code for f in result.findings] == []
    assert "async def seen(inputs: Any, config: RunnableConfig) -> Any:" in path.read_text()
    fixed = load(path, monkeypatch)
    assert asyncio.run(fixed.parallel.ainvoke({}, config=CALLER_CONFIG))["seen"] == MARKER
    assert asyncio.run(fixed.assigned.ainvoke({}, config=CALLER_CONFIG))["seen"] == MARKER
