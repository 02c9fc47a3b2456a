"""Config parameters LangChain or LangGraph never fills in (TCF10x).

A function can declare a config parameter and still never receive it: tools match it by
its exact ``RunnableConfig`` annotation, LangGraph by the name ``config`` and a short list
of annotations, ``RunnableLambda`` by the name alone (docs/facts.md, "How config is
injected").
"""

from __future__ import annotations

from toolcfg.rules.base import ALWAYS, Condition, FixAvailability, Rule

#: Python < 3.11 turns ``x: T = None`` into ``Optional[T]`` in ``get_type_hints``, which
#: langchain-core read as-is until 1.6.0. Measured: injected on 3.11 with core 1.5.6.
DEFAULT_LOST = Condition(python_below=(3, 11), packages=(("langchain-core", (1, 6, 0)),))

NOT_INJECTABLE = Rule(
    code="TCF101",
    name="tool-config-not-injectable",
    summary="A tool's `RunnableConfig` parameter is optional or defaulted, so LangChain "
    "does not inject it",
    messages={
        "optional": "`{param}` is never injected by LangChain: the tool receives `None`{schema}",
        "default": "`{param}` is not injected by LangChain{when}: the default turns the "
        "annotation into `Optional[RunnableConfig]` there{schema}",
    },
    what="""\
Checks for tool functions (`@tool`, tool coroutines, `BaseTool._run` and `_arun`) whose
config parameter is annotated `Optional[RunnableConfig]`, `RunnableConfig | None` or
`Union[RunnableConfig, None]`, or is `RunnableConfig` with a default (`= None`, also
`Annotated[RunnableConfig, InjectedToolArg] = None`).""",
    why="""\
LangChain injects a tool's config only into a parameter whose resolved annotation is
exactly `RunnableConfig`. An optional annotation is never injected, on any version we
measured (langchain-core 0.3.86 to 1.7.2): the function receives `None`, and the parameter
appears in the tool's args schema, so the model is asked to supply a config. ruff's UP045
rewrites `Optional[RunnableConfig]` into `RunnableConfig | None`, which is just as broken.
A default is harmless on Python 3.11 and later, and with langchain-core 1.6.0 and later;
on Python 3.9 and 3.10 with older cores, `typing.get_type_hints` turns `RunnableConfig =
None` into `Optional[RunnableConfig]`, and the parameter is not injected and leaks into
the schema.""",
    example='''\
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def search(query: str, config: Optional[RunnableConfig] = None) -> str:
    """Search the web for the user."""
    return await web_search(query, user=config["configurable"]["user_id"])
''',
    use_instead='''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def search(query: str, config: RunnableConfig) -> str:
    """Search the web for the user."""
    return await web_search(query, user=config["configurable"]["user_id"])
''',
    fix_safety="""\
For an optional annotation, the fix writes a bare `RunnableConfig` and drops the default.
For a default, it drops only the default and keeps the annotation as written
(`Annotated[RunnableConfig, InjectedToolArg]` stays, so no import becomes unused). For a
function decorated with `@tool` this is safe: the name is bound to the tool, which
LangChain always calls with the config. For tool coroutines and `BaseTool` methods, code
may call the function directly without a config, so dropping the default is an unsafe
fix. When an earlier parameter has a default, the parameter must also become
keyword-only, which is always an unsafe fix (`--unsafe-fixes`).""",
    fix_title="Make it a required `RunnableConfig`",
    condition=ALWAYS,
    variant_conditions={"default": DEFAULT_LOST},
)

UNTYPED = Rule(
    code="TCF102",
    name="tool-config-untyped",
    summary="A tool's `config` parameter has no `RunnableConfig` annotation",
    messages={
        "untyped": "`config` {what}, so LangChain does not inject the caller's config into it"
        "{schema}",
    },
    what="""\
Checks for tool functions with a parameter named `config` that has no annotation, or a
dict-like one (`dict`, `Dict[str, Any]`, `Any`), while the body uses it as a
`RunnableConfig`: forwards it to a runnable, passes it to `patch_config` or
`ensure_config`, or reads `config["configurable"]`. A `config` that is an ordinary tool
argument is left alone.""",
    why="""\
Tools are injected by annotation, not by name. Without `RunnableConfig`, `config` is an
ordinary argument: unless the tool has an explicit `args_schema`, it shows up in the
tool's args schema, the model is asked to fill it in, and the call fails or receives the
model's made-up value.""",
    example='''\
from langchain_core.tools import tool


@tool
async def profile(query: str, config) -> str:
    """Look up the user's profile."""
    return await fetch_profile(config["configurable"]["user_id"], query)
''',
    use_instead='''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def profile(query: str, config: RunnableConfig) -> str:
    """Look up the user's profile."""
    return await fetch_profile(config["configurable"]["user_id"], query)
''',
    fix_safety="""\
The fix annotates the parameter `RunnableConfig` and imports it at run time. It is safe:
the parameter leaves the args schema and receives the caller's config. A default is
dropped as for TCF101.""",
    fix_title="Annotate it `RunnableConfig`",
)

TYPE_CHECKING_IMPORT = Rule(
    code="TCF103",
    name="tool-config-type-checking-import",
    summary="A tool's signature names something imported only under `TYPE_CHECKING`",
    messages={
        "config": "`RunnableConfig` is imported only under `TYPE_CHECKING`, so LangChain "
        "cannot resolve the tool's signature and the tool fails when it is built or called",
        "other": "{names} in the signature is imported only under `TYPE_CHECKING`, so "
        "LangChain cannot resolve it, injects nothing, and the required config raises "
        "TypeError",
    },
    what="""\
Checks for tool functions annotated with `RunnableConfig` where the module imports it, or
another name of the signature, only under `if TYPE_CHECKING:`.""",
    why="""\
LangChain resolves a tool's annotations at run time with `typing.get_type_hints`. When a
name does not exist at run time, the resolution fails: the tool fails when it is built or
called, with or without `from __future__ import annotations`, or (for `BaseTool._arun`)
nothing is injected at all.""",
    example='''\
from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.tools import tool

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


@tool
async def search(query: str, config: RunnableConfig) -> str:
    """Search the web for the user."""
    return await web_search(query, user=config["configurable"]["user_id"])
''',
    use_instead='''\
from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def search(query: str, config: RunnableConfig) -> str:
    """Search the web for the user."""
    return await web_search(query, user=config["configurable"]["user_id"])
''',
    fix_safety="""\
The fix adds a run-time import of the name. It is safe for LangChain's own modules and
`typing`; for a module of the project it is unsafe, because a run-time import can create
an import cycle that `TYPE_CHECKING` was there to avoid.""",
    fix_title="Import it at run time",
)

MISNAMED = Rule(
    code="TCF104",
    name="config-parameter-misnamed",
    summary="A `RunnableConfig` parameter of a lambda, chain or node is not named `config`",
    messages={
        "misnamed": "`{name}` receives nothing: the config is injected only into a parameter "
        "named `config`",
    },
    what="""\
Checks for functions run by `RunnableLambda`, `@chain`, LangGraph nodes and `@entrypoint`
that take a `RunnableConfig` under another name, such as `cfg` or `runnable_config`.""",
    why="""\
These constructs find the config parameter by its name: it must be called `config`. A
parameter with another name receives nothing, whatever its annotation or default, in
every version we measured.""",
    example="""\
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph


async def agent(state: MessagesState, cfg: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=cfg)]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
""",
    use_instead="""\
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph


async def agent(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
""",
    fix_safety="""\
The fix renames the parameter and exactly the references to it, as Python's scoping rules
resolve them: a default or a class body inside the function that reads another variable
of that name is left alone. It is safe for the framework, which passes the config by
keyword; code that passes the old name by keyword must be updated by hand. No fix is
offered when `config` is already a name in the function, or when the references cannot
all be resolved (`locals()`, `eval`, `exec`, `nonlocal` or `global` of the name).""",
    fix_availability=FixAvailability.SOMETIMES,
    fix_title="Rename it to `config`",
)

NODE_ANNOTATION = Rule(
    code="TCF105",
    name="node-config-annotation",
    summary="LangGraph does not inject a `config` parameter with this annotation",
    messages={
        "always": "LangGraph does not inject `config: {annotation}`{future}; it accepts only "
        "`RunnableConfig`, `Optional[RunnableConfig]` or no annotation",
        "future-union": "LangGraph does not inject `config: {annotation}` under `from "
        "__future__ import annotations`; it accepts only `RunnableConfig`, "
        "`Optional[RunnableConfig]` or no annotation",
    },
    what="""\
Checks for LangGraph nodes and `@entrypoint` functions whose `config` parameter has an
annotation LangGraph does not accept. LangGraph accepts `RunnableConfig`,
`Optional[RunnableConfig]` and no annotation; under `from __future__ import annotations`
it compares the annotation's *text*, so `RunnableConfig | None`,
`typing.Optional[RunnableConfig]` and `module.RunnableConfig` fail there too.""",
    why="""\
A node whose `config` annotation is not on LangGraph's list receives nothing: the
parameter keeps its default, or the node fails with a missing argument (`config: dict`).
Measured with langgraph 0.6.11, 1.2.22 and 1.2.24: under future annotations,
`RunnableConfig | None` is not injected on Python 3.10 or 3.11.""",
    example="""\
from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph


async def agent(state: MessagesState, config: RunnableConfig | None = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
""",
    use_instead="""\
from __future__ import annotations

from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph


async def agent(state: MessagesState, config: Optional[RunnableConfig] = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
""",
    fix_safety="""\
The fix writes `RunnableConfig`, spelled exactly so, or `Optional[RunnableConfig]` when
the parameter has a default, and keeps the default, so direct callers are unaffected. It
is safe.""",
    fix_title="Write an annotation LangGraph accepts",
    condition=ALWAYS,
)

RULES = (NOT_INJECTABLE, UNTYPED, TYPE_CHECKING_IMPORT, MISNAMED, NODE_ANNOTATION)
