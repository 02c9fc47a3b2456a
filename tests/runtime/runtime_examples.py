"""What the runtime matrix runs, and what docs/facts.md predicts for it.

An ``Example`` is a file or package the probe runs (``examples/`` and the fact
cases in ``tests/runtime/cases/``), with the runs of its own code that call the
chat model (``Run``). ``facts_say_lost`` says where a callable that does not
forward its config loses the model's events; from it and from whether a copy
forwards its config, the tests know which model runs the caller must see, and
under which run each must be filed.

Each example toolcfg fixes is also run as ``toolcfg check --fix`` leaves it: the
tests check the form toolcfg writes, not a hand-written one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from runtime_envs import LANGCHAIN, PY310, version_tuple

# Rows of the docs/facts.md table "When the inner calls are lost".
ASYNC_TOOL = "async tool"
SYNC_TOOL = "sync @tool calling .invoke"
ASYNC_LAMBDA = "async RunnableLambda / @chain"
SYNC_LAMBDA = "sync RunnableLambda calling .invoke"
GRAPH_NODE = "LangGraph node / @entrypoint"


def facts_say_lost(row: str, python: str, core: str) -> bool:
    """Whether docs/facts.md measured a callable of ``row`` that does not forward config LOST."""
    if version_tuple(python) >= (3, 11) or row == SYNC_TOOL:
        return False
    if row == GRAPH_NODE:
        return True  # LOST on 3.9/3.10 with langchain-core 0.3 and 1.x alike
    return version_tuple(core) <= (1, 4, 7)


# --------------------------------------------------------------------------
# What is run
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A run of an example's own code that calls the chat model once.

    ``event`` and ``name`` find the run's start in ``astream_events``; ``node``
    is the LangGraph node it runs in, whose ``stream_mode="messages"`` chunks
    carry the model's tokens. ``library`` marks LangChain's own code (an agent's
    model node), which no fix of the user's code forwards a config in.
    """

    event: str
    name: str
    row: str
    node: str | None = None
    library: bool = False

    def matches(self, start: dict[str, Any]) -> bool:
        return (
            start["event"] == self.event
            and start["name"] == self.name
            and (self.node is None or start["node"] == self.node)
        )


def tool_run(name: str, node: str | None = None, row: str = ASYNC_TOOL) -> Run:
    return Run("on_tool_start", name, row, node)


def lambda_run(name: str, row: str = ASYNC_LAMBDA) -> Run:
    return Run("on_chain_start", name, row)


def node_run(name: str, library: bool = False) -> Run:
    return Run("on_chain_start", name, GRAPH_NODE, name, library)


MESSAGES_INPUT = {"messages": [["user", "What is LangChain?"]]}
QUESTION = "What is LangChain?"
#: The config the probe's plain ``ainvoke`` passes to the injection cases.
CALLER_CONFIG = {"configurable": {"marker": 42}}
#: Tools are also run inside an outer runnable and a LangGraph ``ToolNode``.
TOOL_WRAPPERS = ("runnable", "toolnode")

NAIVE, FIXED = "naive", "fixed"


@dataclass(frozen=True)
class Example:
    """A file or package the probe runs, and what it is expected to show.

    ``path`` is relative to the repository. ``forwards`` is true when the file
    as written already forwards a config (a fact case, or the defect of a tool
    forwarding ``config=config``). ``codes`` is what ``toolcfg check`` reports
    on it. ``fixed_by_toolcfg`` says that a ``toolcfg check --fix`` copy is run
    too, and ``remaining`` what ``toolcfg check`` still reports on that copy.
    ``needs`` lists distributions it imports beyond langchain-core and langgraph.
    ``modes`` names the run methods the probe uses instead of its usual runs
    (see probe.py), each recorded apart: sync runs, and runs that crash.
    """

    name: str
    path: str
    kind: str  # "tool", "runnable", "graph" or "function" (see probe.py)
    attr: str  # the dotted attribute to run
    input: Any
    runs: tuple[Run, ...] = ()
    install: str = "model"  # "model" or "build" (see probe.py)
    model_attr: str = "model"
    builder: str = "build_graph"
    forwards: bool = False
    codes: tuple[str, ...] | None = None
    fixed_by_toolcfg: bool = False
    remaining: tuple[str, ...] = ()
    needs: frozenset[str] = frozenset()
    config: dict[str, Any] | None = None
    modes: tuple[str, ...] = ()

    @property
    def variants(self) -> tuple[str, ...]:
        return (NAIVE, FIXED) if self.fixed_by_toolcfg else (NAIVE,)

    @property
    def fixed_variants(self) -> tuple[str, ...]:
        return tuple(v for v in self.variants if v != NAIVE)

    @property
    def replies(self) -> int:
        return max(1, len(self.runs))

    @property
    def wrappers(self) -> tuple[str, ...]:
        return TOOL_WRAPPERS if self.kind == "tool" else ()


def construct(
    file: str, codes: tuple[str, ...], kind: str, attr: str, input: Any, *runs: Run, **kw: Any
) -> Example:
    """An ``examples/construct_*.py`` file that toolcfg reports and fixes."""
    return Example(
        file,
        f"examples/{file}.py",
        kind,
        attr,
        input,
        runs,
        codes=codes,
        fixed_by_toolcfg=True,
        **kw,
    )


CONSTRUCTS = [
    construct(
        "construct_structured_tool",
        ("TCF011",),
        "tool",
        "summarize_tool",
        {"text": "LangChain is a framework for LLM apps."},
        tool_run("summarize"),
    ),
    construct(
        "construct_tool_call",
        ("TCF011",),
        "tool",
        "search_docs_tool",
        {"query": "How do I stream events?"},
        tool_run("search_docs"),
    ),
    construct(
        "construct_base_tool",
        ("TCF021",),
        "tool",
        "answer_tool",
        {"query": QUESTION},
        tool_run("answer"),
    ),
    construct(
        "construct_runnable_lambda",
        ("TCF031",),
        "runnable",
        "answer_chain",
        QUESTION,
        lambda_run("answer"),
    ),
    construct(
        "construct_runnable_lambda_sync",
        ("TCF031",),
        "runnable",
        "answer_chain",
        QUESTION,
        lambda_run("answer", SYNC_LAMBDA),
    ),
    construct(
        "construct_chain",
        ("TCF031",),
        "runnable",
        "answer_chain",
        QUESTION,
        lambda_run("answer_chain"),
    ),
    construct(
        "construct_graph_node",
        ("TCF041", "TCF041"),
        "graph",
        "graph",
        MESSAGES_INPUT,
        node_run("agent"),
        node_run("summarize"),
        install="build",
    ),
    construct(
        "construct_graph_sync_node",
        ("TCF041",),
        "graph",
        "graph",
        MESSAGES_INPUT,
        node_run("call_model"),
    ),
    construct(
        "construct_entrypoint",
        ("TCF041",),
        "graph",
        "answer_workflow",
        QUESTION,
        node_run("answer_workflow"),
    ),
]

# A package: nodes, tools and a helper in their own modules. Finding and fixing them needs
# toolcfg's analysis across the modules.
APP = Example(
    "app",
    "examples/app",
    "graph",
    "graph.graph",
    MESSAGES_INPUT,
    (node_run("planner"), tool_run("search_docs", node="tools"), node_run("summarize")),
    model_attr="helpers.model",
    codes=("TCF011", "TCF041", "TCF041"),
    fixed_by_toolcfg=True,
)

AGENT_MODEL = node_run("model", library=True)  # create_agent's own model node

AGENTS = [
    Example(
        "agent_create_agent",
        "examples/agent_create_agent.py",
        "graph",
        "agent",
        MESSAGES_INPUT,
        (AGENT_MODEL,),
        install="build",
        builder="build_agent",
        needs=LANGCHAIN,
    ),
    Example(
        "construct_middleware_hook",
        "examples/construct_middleware_hook.py",
        "graph",
        "agent",
        MESSAGES_INPUT,
        (
            node_run("ReviewMiddleware.before_model"),
            AGENT_MODEL,
            node_run("ReviewMiddleware.after_agent"),
        ),
        install="build",
        builder="build_agent",
        needs=LANGCHAIN,
        codes=("TCF051", "TCF051", "TCF061"),
        fixed_by_toolcfg=True,
        # The agent's own model node is LangChain's: no fix of user code reaches it.
        remaining=("TCF061",),
    ),
]

#: A tool call planned by hand: the fake chat model cannot call tools.
TOOL_CALL_INPUT = {
    "messages": [
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"name": "search_docs", "args": {"query": QUESTION}, "id": "call-1"}],
        }
    ]
}

# The measured defect behind the rule on tools forwarding config=config, the same defect
# where a project helper builds the forwarded config from the received one, and a receiver
# bound to the callbacks of the config the tool was called with: its caller's.
DEFECT_FILE = "examples/tool_forwards_config.py"
CALLBACKS_FILE = "tests/runtime/cases/callbacks.py"
DEFECTS = [
    *(
        Example(
            f"tool_forwards_config-{attr}",
            DEFECT_FILE,
            "tool",
            attr,
            input,
            (tool_run(name),),
            forwards=True,
        )
        for attr, name, input in (
            ("ask", "ask", {"question": QUESTION}),
            ("summarize_tool", "summarize", {"text": "LangChain is a framework."}),
            ("answer_tool", "answer", {"query": QUESTION}),
        )
    ),
    Example(
        "callbacks-bound_callbacks_tool",
        CALLBACKS_FILE,
        "tool",
        "bound_callbacks",
        {"question": QUESTION},
        (tool_run("bound_callbacks"),),
        forwards=True,
    ),
    Example(
        "tool_calls-helper_config",
        "tests/runtime/cases/tool_calls.py",
        "tool",
        "helper_config",
        {"question": QUESTION},
        (tool_run("helper_config"),),
        forwards=True,
        codes=("TCF003",),
    ),
    # ``runtime: ToolRuntime`` is injected by LangChain v1's ToolNode only: a graph runs it.
    Example(
        "tool_config_helper",
        "examples/tool_config_helper.py",
        "graph",
        "graph",
        TOOL_CALL_INPUT,
        (tool_run("search_docs", node="tools"),),
        forwards=True,
        needs=LANGCHAIN,
        codes=("TCF003",),
    ),
]

# --------------------------------------------------------------------------
# How the function is run decides the loss (docs/facts.md)
# --------------------------------------------------------------------------

#: Run methods of the ``modes`` field: the async ones, and the sync ones.
ASYNC_MODES = ("ainvoke", "astream", "astream_events")
SYNC_MODES = ("invoke", "stream")

# ``construct_graph_sync_node``'s node, in graphs built and run by one function each.
SYNC_ONLY = [
    Example(
        f"run_mode_sync_only-{attr}",
        "examples/run_mode_sync_only.py",
        "function",
        attr,
        QUESTION,
        (node_run("call_model"),),
        modes=("call",),
        # Every run of its graphs is sync: nothing to report (Planned.sync_runs).
        codes=(),
    )
    for attr in ("stream_answer", "answer")
]
EXPORTED_SYNC_NODE = next(e for e in CONSTRUCTS if e.name == "construct_graph_sync_node")

# An entrypoint calling a task: each run method crashes or works on its own. toolcfg
# reports each entrypoint's task calls (TCF044, no fix) and, apart from them, the model
# call each entrypoint makes itself without its config (TCF041).
TASK_FILE = "examples/construct_task.py"
TASK_FILE_CODES = ("TCF041", "TCF044", "TCF041", "TCF044")
TASKS = [
    Example(
        "construct_task-answer_workflow",
        TASK_FILE,
        "graph",
        "answer_workflow",
        QUESTION,
        (node_run("answer_workflow"), node_run("polish")),
        modes=ASYNC_MODES,
        codes=TASK_FILE_CODES,
    ),
    Example(
        "construct_task-answer_workflow_sync",
        TASK_FILE,
        "graph",
        "answer_workflow_sync",
        QUESTION,
        (node_run("answer_workflow_sync"), node_run("polish_sync")),
        modes=(*SYNC_MODES, *ASYNC_MODES),
        codes=TASK_FILE_CODES,
    ),
    Example(
        "tasks-answer_workflow",
        "tests/runtime/cases/tasks.py",
        "graph",
        "answer_workflow",
        QUESTION,
        (node_run("answer_workflow"), node_run("polish")),
        forwards=True,
        config={"tags": ["caller"], "configurable": {"marker": 42}},
        modes=ASYNC_MODES,
        codes=("TCF044",),
    ),
]

# Nodes that build a tool from a nested function. The naive example runs as every example
# does (its nodes drop the config); each case is one node forwarding it, to the tool call
# or into the tool's body, and its run is the tool's. toolcfg's fix forwards each node's
# config to its tool call only, and the nested async tool's own to its model call.
NESTED_TOOL = Example(
    "construct_nested_tool",
    "examples/construct_nested_tool.py",
    "graph",
    "graph",
    MESSAGES_INPUT,
    (node_run("research"), node_run("review")),
    codes=("TCF041", "TCF001", "TCF041"),
    fixed_by_toolcfg=True,
)
NESTED_TOOL_RUNS = (tool_run("search_docs", node="research"), tool_run("polish", node="review"))


def nested_tool_cases(forwarded: str) -> list[Example]:
    """A case of ``cases/nested_tools.py`` per node, forwarding the node's config as said."""
    return [
        Example(
            f"nested_tools-{node}_{forwarded}",
            "tests/runtime/cases/nested_tools.py",
            "graph",
            f"{node}_{forwarded}_graph",
            MESSAGES_INPUT,
            (tool_run(name, node=node, row=row),),
            forwards=True,
            # A graph with an async node cannot be run sync.
            modes=("astream_events", "stream") if row == SYNC_TOOL else ("astream_events",),
        )
        for node, name, row in (
            ("research", "search_docs", ASYNC_TOOL),
            ("review", "polish", SYNC_TOOL),
        )
    ]


TOOL_CALL_CASES = nested_tool_cases("tool_call")  # to the tool call only
BODY_CASES = nested_tool_cases("body")  # to the tool call and into the tool's body

# RunnableCallable(call_model, acall_model): async runs call acall_model, which forwards,
# and run as every example does; sync runs call call_model, which drops the config.
RUNNABLE_CALLABLE_FILE = "examples/construct_runnable_callable.py"
RUNNABLE_CALLABLE = Example(
    "construct_runnable_callable",
    RUNNABLE_CALLABLE_FILE,
    "graph",
    "graph",
    MESSAGES_INPUT,
    (node_run("agent"),),
    forwards=True,
    codes=(),
)
RUNNABLE_CALLABLE_SYNC = Example(
    "construct_runnable_callable-sync",
    RUNNABLE_CALLABLE_FILE,
    "graph",
    "graph",
    MESSAGES_INPUT,
    (node_run("agent"),),
    modes=SYNC_MODES,
    codes=(),
)

# A BaseTool whose _arun forwards config={"callbacks": run_manager.get_child()}.
CHILD_CALLBACKS = Example(
    "tool_child_callbacks",
    "examples/tool_child_callbacks.py",
    "tool",
    "answer_tool",
    {"query": QUESTION},
    (tool_run("answer"),),
    forwards=True,
    codes=(),
)

RUN_MODE_EXAMPLES = [
    *SYNC_ONLY,
    *TASKS,
    NESTED_TOOL,
    *TOOL_CALL_CASES,
    *BODY_CASES,
    RUNNABLE_CALLABLE,
    RUNNABLE_CALLABLE_SYNC,
    CHILD_CALLBACKS,
]


def inner_call(name: str, forwards: bool) -> Example:
    """An async RunnableLambda of ``tests/runtime/cases/inner_calls.py``."""
    return Example(
        f"inner_calls-{name}",
        "tests/runtime/cases/inner_calls.py",
        "runnable",
        f"{name}_lambda",
        QUESTION,
        (lambda_run(name),),
        forwards=forwards,
    )


# Fact cases that the generic event and nesting tests check like the examples.
INNER_CALLS = [
    *(
        inner_call(name, forwards=False)
        for name in (
            "astream_call",
            "abatch_call",
            "gather_call",
            "pipe_call",
            "sync_invoke_call",
            "generator_call",
            "unrelated_config",
            "unrelated_with_config",
        )
    ),
    *(
        inner_call(name, forwards=True)
        for name in (
            "positional_config",
            "spread_config",
            "patched_config",
            "with_config_forwarded",
        )
    ),
    Example(
        "tool_calls-sync_ask",
        "tests/runtime/cases/tool_calls.py",
        "tool",
        "sync_ask",
        {"question": QUESTION},
        (tool_run("sync_ask", row=SYNC_TOOL),),
    ),
    Example(
        "callbacks-runnable_config_child",
        CALLBACKS_FILE,
        "tool",
        "runnable_config_child_tool",
        {"question": QUESTION},
        (tool_run("runnable_config_child"),),
        forwards=True,
    ),
    Example(
        "callbacks-bound_child_callbacks_tool",
        CALLBACKS_FILE,
        "tool",
        "bound_child_callbacks",
        {"question": QUESTION},
        (tool_run("bound_child_callbacks"),),
        forwards=True,
    ),
    Example(
        "callbacks-bound_callbacks_node",
        CALLBACKS_FILE,
        "graph",
        "bound_callbacks_graph",
        MESSAGES_INPUT,
        (node_run("node"),),
        forwards=True,
    ),
]


def generator_node(attr: str, forwards: bool = False) -> Example:
    """A one-node graph of ``tests/runtime/cases/generator_nodes.py``, its node named "node".

    LangGraph runs a generator node as a ``RunnableLambda``: its run is the lambda's.
    """
    return Example(
        f"generator_nodes-{attr}",
        "tests/runtime/cases/generator_nodes.py",
        "graph",
        attr,
        MESSAGES_INPUT,
        (Run("on_chain_start", "node", ASYNC_LAMBDA, "node"),),
        forwards=forwards,
    )


#: Async-generator nodes: yielding each chunk of ``model.astream``, yielding the reply of
#: ``model.ainvoke``, a callable instance whose ``__call__`` yields chunks, and one that
#: forwards its config (a control).
GENERATOR_NODES = [
    generator_node("astream_node"),
    generator_node("ainvoke_node"),
    generator_node("callable_node"),
    generator_node("forwarding_node", forwards=True),
    generator_node("dict_config_node", forwards=True),
]
#: A sync generator node: ``ainvoke`` runs it, async streaming raises.
SYNC_GENERATOR_NODE = generator_node("sync_stream_node")


@dataclass(frozen=True)
class Versions:
    """The versions a probe ran with (``probe.py`` reports them with its results)."""

    python: tuple[int, ...]
    core: tuple[int, ...]
    langgraph: tuple[int, ...]

    @classmethod
    def of(cls, results: dict[str, Any]) -> Versions:
        return cls(
            version_tuple(results["python"]),
            version_tuple(results["langchain_core"]),
            version_tuple(results["langgraph"]),
        )


@dataclass(frozen=True)
class InjectionCase:
    """A callable of ``cases/injection`` that reports the config injected into it.

    ``injected`` says, from the Python, langchain-core and langgraph versions,
    whether docs/facts.md says the caller's config reaches the parameter;
    ``fact`` says it in words, for the test's message.
    """

    example: Example
    fact: str
    injected: Callable[[Versions], bool]

    @property
    def name(self) -> str:
        return self.example.name


def always(versions: Versions) -> bool:
    return True


def never(versions: Versions) -> bool:
    return False


def unless_py310_core_1_5_6(versions: Versions) -> bool:
    """``typing.get_type_hints`` on Python <= 3.10 turns ``X = None`` into ``Optional[X]``."""
    return not (versions.python < (3, 11) and versions.core <= (1, 5, 6))


def before_langgraph_0_6(versions: Versions) -> bool:
    """Up to 0.5.4 LangGraph injects a node's ``config`` by name, whatever its annotation;
    0.6.0 injects it only into the annotations it lists."""
    return versions.langgraph < (0, 6)


def unless_langgraph_0_6_0(versions: Versions) -> bool:
    """langgraph 0.6.0 lists only ``RunnableConfig``; 0.6.1 adds ``Optional[RunnableConfig]``."""
    return versions.langgraph[:3] != (0, 6, 0)


def injection(
    module: str, attr: str, fact: str, injected: Callable[[Versions], bool]
) -> InjectionCase:
    kind = {"tool": "tool", "lambda": "runnable", "node": "graph"}[attr.split("_")[0]]
    value = {"tool": {"question": QUESTION}, "runnable": QUESTION, "graph": MESSAGES_INPUT}[kind]
    example = Example(
        f"injection-{module}-{attr}",
        "tests/runtime/cases/injection",
        kind,
        f"{module}.{attr}",
        value,
        config=CALLER_CONFIG,
        needs=PY310 if module == "pipe" else frozenset(),
    )
    return InjectionCase(example, fact, injected)


BY_ANNOTATION = "a tool gets config by its RunnableConfig annotation, whatever the name"
OPTIONAL_TOOL = "a tool's Optional[RunnableConfig] parameter is never injected"
DEFAULT_NONE_TOOL = "a tool's `config: RunnableConfig = None` is ignored on py3.10 + core <= 1.5.6"
BY_NAME = (
    "lambdas and nodes get config by the name `config` (nodes: annotated RunnableConfig or not)"
)
OPTIONAL_NODE = (
    "a node's `Optional[RunnableConfig]` (and, without future annotations, "
    "`RunnableConfig | None`) is injected, except by langgraph 0.6.0"
)
OTHER_NAME = "lambdas and nodes get nothing through a parameter of another name"
NODE_ANNOTATION = (
    "a node's `config: Dict[str, Any] = None` is injected by name up to langgraph 0.5.4, "
    "and gets nothing from 0.6.0 (TCF105)"
)
FUTURE_OPTIONAL = (
    "under future annotations, a node's `RunnableConfig | None` and "
    "`typing.Optional[RunnableConfig]` get nothing from langgraph 0.6.0 (TCF105)"
)

INJECTION_CASES = [
    injection("plain", "tool_annotated", BY_ANNOTATION, always),
    injection("plain", "tool_other_name", BY_ANNOTATION, always),
    injection("plain", "tool_optional", OPTIONAL_TOOL, never),
    injection("plain", "tool_default_none", DEFAULT_NONE_TOOL, unless_py310_core_1_5_6),
    injection("future", "tool_annotated", BY_ANNOTATION, always),
    injection("plain", "lambda_by_name", BY_NAME, always),
    injection("plain", "lambda_keyword_only", BY_NAME, always),
    injection("plain", "lambda_other_name", OTHER_NAME, never),
    injection("plain", "node_unannotated", BY_NAME, always),
    injection("plain", "node_optional", OPTIONAL_NODE, unless_langgraph_0_6_0),
    injection("plain", "node_default_none", BY_NAME, always),
    injection("plain", "node_other_name", OTHER_NAME, never),
    injection("plain", "node_dict_default", NODE_ANNOTATION, before_langgraph_0_6),
    injection("pipe", "node_pipe_none", OPTIONAL_NODE, unless_langgraph_0_6_0),
    injection("future", "node_annotated", BY_NAME, always),
    injection("future", "node_optional", OPTIONAL_NODE, unless_langgraph_0_6_0),
    injection("future", "node_typing_optional", FUTURE_OPTIONAL, before_langgraph_0_6),
    injection("future", "node_union_none", FUTURE_OPTIONAL, before_langgraph_0_6),
]

#: Examples whose model runs the event and nesting tests check: those the probe runs as
#: usual (no ``modes``).
EVENT_EXAMPLES = [
    *CONSTRUCTS,
    APP,
    *AGENTS,
    *DEFECTS,
    *INNER_CALLS,
    *(example for example in RUN_MODE_EXAMPLES if not example.modes),
]
ALL_EXAMPLES = [
    *EVENT_EXAMPLES,
    *(example for example in RUN_MODE_EXAMPLES if example.modes),
    *(case.example for case in INJECTION_CASES),
    *GENERATOR_NODES,
    SYNC_GENERATOR_NODE,
]
#: Injection cases that ``measure.py`` runs but the matrix does not: they raise where they
#: are not injected (``config: Dict[str, Any]`` without a default: from langgraph 0.6.0,
#: the node is called without ``config``).
BY_HAND_INJECTION_CASES = [
    injection("plain", "node_dict", NODE_ANNOTATION, before_langgraph_0_6),
]
