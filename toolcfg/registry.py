"""The registration table: what makes a function one that LangChain or LangGraph runs.

Every tier reads this one table. The byte prefilter derives its words from it, the
project index matches decorators, calls and base classes against it, the analysis takes
each function's ``TargetKind`` from the index and asks the rule family of that kind
(``toolcfg.rules``) to decide, and the rules' documentation says what each family
recognises from it. A new registration is one row here and one case in ``tests/cases``.

How LangChain hands a function its config differs by kind (docs/facts.md): tools find the
parameter by its ``RunnableConfig`` *annotation* and receive the config they were called
with; ``RunnableLambda``, ``@chain``, LangGraph nodes and middleware node hooks find it by
the *name* ``config`` and receive their own run's child config; wrap hooks receive none.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import FrozenSet, Optional, Set, Tuple


class Injection(enum.Enum):
    #: Tools: LangChain looks for a parameter annotated exactly ``RunnableConfig``.
    ANNOTATION = "annotation"
    #: Lambdas, chains, graph nodes, middleware hooks: a parameter named ``config``.
    NAME = "name"
    #: Wrap hooks: nothing is injected.
    NONE = "none"


@dataclass(frozen=True, repr=False)
class TargetKind:
    """A kind of function LangChain or LangGraph runs, and how it receives its config. The
    rule family that decides functions of a kind names it (``toolcfg.rules.family_of``)."""

    label: str
    injection: Injection
    #: Sync functions of this kind keep their config (docs/facts.md), so only async ones lose it.
    async_only: bool
    #: Tools receive the config they were *called with*, not their run's child config.
    receives_caller_config: bool = False
    #: The fix always adds ``config: Optional[RunnableConfig] = None`` (middleware hooks,
    #: whose overrides must stay compatible with the base class's signature).
    defaulted_parameter: bool = False

    @property
    def is_tool(self) -> bool:
        return self.injection is Injection.ANNOTATION

    def __repr__(self) -> str:
        return f"TargetKind({self.label!r})"

    def __reduce__(self) -> Tuple[object, Tuple[str]]:
        """Pickled by name, so that a pool worker's kinds are the table's own objects and
        ``kind is HELPER`` holds there too."""
        return (kind_labelled, (self.label,))


TOOL = TargetKind("async tool", Injection.ANNOTATION, True, True)
TOOL_COROUTINE = TargetKind("tool coroutine", Injection.ANNOTATION, True, True)
TOOL_FUNCTION = TargetKind("tool function", Injection.ANNOTATION, True, True)
BASE_TOOL = TargetKind("tool method", Injection.ANNOTATION, True, True)
RUNNABLE_LAMBDA = TargetKind("runnable lambda", Injection.NAME, False)
GRAPH_NODE = TargetKind("LangGraph node", Injection.NAME, False)
GRAPH_ROUTER = TargetKind("LangGraph router", Injection.NAME, False)
ENTRYPOINT = TargetKind("LangGraph entrypoint", Injection.NAME, False)
MIDDLEWARE_HOOK = TargetKind("middleware hook", Injection.NAME, False, defaulted_parameter=True)
WRAP_HOOK = TargetKind("wrap hook", Injection.NONE, False)
#: Not run by LangChain, but on a target's path: a project function that makes the call.
HELPER = TargetKind("helper", Injection.NAME, False, defaulted_parameter=True)
KINDS = (
    TOOL,
    TOOL_COROUTINE,
    TOOL_FUNCTION,
    BASE_TOOL,
    RUNNABLE_LAMBDA,
    GRAPH_NODE,
    GRAPH_ROUTER,
    ENTRYPOINT,
    MIDDLEWARE_HOOK,
    WRAP_HOOK,
    HELPER,
)


def kind_labelled(label: str) -> TargetKind:
    return next(kind for kind in KINDS if kind.label == label)


class Form(enum.Enum):
    #: ``@name`` or ``@name(...)`` on a ``def``.
    DECORATOR = "decorator"
    #: ``name(..., fn, ...)``: the function is an argument.
    CALL = "call"
    #: ``name(...)(fn)``: a configured decorator applied by hand.
    DECORATOR_CALL = "decorator-call"
    #: ``<object>.name(..., fn)``: a method of an object we cannot type, such as a graph
    #: builder; it counts in modules that import ``requires``.
    METHOD = "method"
    #: The methods ``methods`` of classes that derive from ``name``, in any module.
    SUBCLASS = "subclass"


@dataclass(frozen=True)
class Registration:
    names: FrozenSet[str]
    form: Form
    kind: TargetKind
    #: Which positional arguments hold functions.
    positional: Tuple[int, ...] = ()
    #: ...or, with a single positional argument, that one (``add_node(fn)``).
    or_only_positional: bool = False
    keywords: Tuple[str, ...] = ()
    #: ...or every keyword argument (``RunnableParallel(summary=summarize)``).
    any_keyword: bool = False
    #: The argument may be a list or tuple of functions (``ToolNode([a, b])``).
    lists: bool = False
    methods: Tuple[str, ...] = ()
    requires: Optional[str] = None
    #: Which arguments hold a sync function run beside the registered ones (a tool's
    #: ``func`` beside its ``coroutine``, ``RunnableCallable``'s ``func`` beside its
    #: ``afunc``). Whatever the call builds owns the calls in its body: they are never the
    #: function's that builds it.
    sync_positional: Tuple[int, ...] = ()
    sync_keywords: Tuple[str, ...] = ()
    #: ...and the sync function is registered as ``kind`` when no function is handed over
    #: in the other slots: with one there, async runs call that one only and sync runs keep
    #: the config (docs/facts.md), so the sync one loses nothing. A tool's never is: sync
    #: tools keep their config. (``RunnableLambda(fn)`` and ``RunnableCallable(fn)`` take
    #: an async function there too, and run it as their async one.)
    sync_registered_alone: bool = False
    #: ...and also when it takes no ``config``: the call injects the config into both
    #: functions as the sync one's parameters say (``RunnableCallable``), so a fix that
    #: gives the async one a ``config`` must give the sync one one too.
    config_by_sync: bool = False


def _names(*names: str) -> FrozenSet[str]:
    return frozenset(names)


TOOL_DECORATORS = _names(
    "langchain_core.tools.tool",
    "langchain_core.tools.convert.tool",
    "langchain.tools.tool",
    "langchain.agents.tool",
)
#: The modules a tool class is imported from, with the class.
_TOOL_CLASSES = (
    ("langchain_core.tools", "StructuredTool"),
    ("langchain_core.tools.structured", "StructuredTool"),
    ("langchain.tools", "StructuredTool"),
    ("langchain_core.tools", "Tool"),
    ("langchain_core.tools.simple", "Tool"),
    ("langchain.tools", "Tool"),
    ("langchain.agents", "Tool"),
)
#: ``Tool(name, func, description, coroutine=...)``, and ``StructuredTool(func=...,
#: coroutine=...)``, which takes keywords only.
TOOL_CONSTRUCTORS = _names(*(f"{module}.{cls}" for module, cls in _TOOL_CLASSES))
#: ``StructuredTool.from_function(func, coroutine, ...)``.
STRUCTURED_TOOL_FACTORIES = _names(
    *(f"{module}.{cls}.from_function" for module, cls in _TOOL_CLASSES if cls == "StructuredTool")
)
#: ``Tool.from_function(func, name, description, return_direct, args_schema, coroutine)``.
TOOL_FACTORIES = _names(
    *(f"{module}.{cls}.from_function" for module, cls in _TOOL_CLASSES if cls == "Tool")
)
BASE_TOOLS = _names(
    "langchain_core.tools.BaseTool",
    "langchain_core.tools.base.BaseTool",
    "langchain.tools.BaseTool",
    "langchain_core.tools.StructuredTool",
    "langchain_core.tools.structured.StructuredTool",
    "langchain_core.tools.Tool",
    "langchain_core.tools.simple.Tool",
)
RUNNABLE_LAMBDAS = _names(
    "langchain_core.runnables.RunnableLambda",
    "langchain_core.runnables.base.RunnableLambda",
    "langchain.schema.runnable.RunnableLambda",
)
CHAIN_DECORATORS = _names("langchain_core.runnables.chain", "langchain_core.runnables.base.chain")
#: A function among their steps becomes a ``RunnableLambda`` (``coerce_to_runnable``).
RUNNABLE_PARALLELS = _names(
    *(
        f"{module}.{name}"
        for module in ("langchain_core.runnables", "langchain_core.runnables.base")
        for name in ("RunnableParallel", "RunnableMap")
    ),
    "langchain_core.runnables.RunnablePassthrough.assign",
    "langchain_core.runnables.passthrough.RunnablePassthrough.assign",
)
ENTRYPOINTS = _names("langgraph.func.entrypoint")
#: The functional API's ``@task``: not a registration, since its function gets no config
#: to forward. Calling one needs the run's config from the context, which async code
#: lacks on Python 3.9 and 3.10, so an ``@entrypoint`` that calls a task fails on every
#: async run there, whatever config it passes (docs/facts.md): a task call is neither a
#: runnable call nor a helper call to forward the config into.
TASKS = _names("langgraph.func.task")
RUNNABLE_CALLABLES = _names(
    "langgraph._internal._runnable.RunnableCallable",
    "langgraph.utils.runnable.RunnableCallable",
)
TOOL_NODES = _names(
    "langgraph.prebuilt.ToolNode",
    "langgraph.prebuilt.tool_node.ToolNode",
    "langchain.tools.ToolNode",
)
REACT_AGENTS = _names(
    "langgraph.prebuilt.create_react_agent",
    "langgraph.prebuilt.chat_agent_executor.create_react_agent",
)
#: LangChain v1's agent factory: its tools, and TCF061 for the agent's own model calls.
AGENT_FACTORIES = _names("langchain.agents.create_agent", "langchain.agents.factory.create_agent")
MIDDLEWARE_BASES = _names(
    "langchain.agents.middleware.AgentMiddleware",
    "langchain.agents.middleware.types.AgentMiddleware",
)
NODE_HOOKS = ("before_agent", "before_model", "after_model", "after_agent")
WRAP_HOOKS = ("wrap_model_call", "wrap_tool_call")


def _middleware_decorators(hooks: Tuple[str, ...]) -> FrozenSet[str]:
    return _names(
        *(
            f"{module}.{hook}"
            for module in ("langchain.agents.middleware", "langchain.agents.middleware.types")
            for hook in hooks
        )
    )


#: Every way a function becomes one that LangChain or LangGraph runs.
REGISTRATIONS: Tuple[Registration, ...] = (
    Registration(TOOL_DECORATORS, Form.DECORATOR, TOOL),
    Registration(TOOL_DECORATORS, Form.CALL, TOOL_COROUTINE, positional=(0,)),
    Registration(TOOL_DECORATORS, Form.DECORATOR_CALL, TOOL_COROUTINE, positional=(0,)),
    Registration(
        TOOL_CONSTRUCTORS,
        Form.CALL,
        TOOL_COROUTINE,
        keywords=("coroutine",),
        sync_positional=(1,),
        sync_keywords=("func",),
    ),
    Registration(
        STRUCTURED_TOOL_FACTORIES,
        Form.CALL,
        TOOL_COROUTINE,
        positional=(1,),
        keywords=("coroutine",),
        sync_positional=(0,),
        sync_keywords=("func",),
    ),
    Registration(
        TOOL_FACTORIES,
        Form.CALL,
        TOOL_COROUTINE,
        keywords=("coroutine",),
        sync_positional=(0,),
        sync_keywords=("func",),
    ),
    Registration(BASE_TOOLS, Form.SUBCLASS, BASE_TOOL, methods=("_arun", "_run")),
    Registration(
        RUNNABLE_LAMBDAS,
        Form.CALL,
        RUNNABLE_LAMBDA,
        positional=(1,),
        keywords=("afunc",),
        sync_positional=(0,),
        sync_keywords=("func",),
        sync_registered_alone=True,
    ),
    Registration(CHAIN_DECORATORS, Form.DECORATOR, RUNNABLE_LAMBDA),
    Registration(RUNNABLE_PARALLELS, Form.CALL, RUNNABLE_LAMBDA, positional=(0,), any_keyword=True),
    Registration(CHAIN_DECORATORS, Form.CALL, RUNNABLE_LAMBDA, positional=(0,)),
    Registration(ENTRYPOINTS, Form.DECORATOR, ENTRYPOINT),
    Registration(ENTRYPOINTS, Form.DECORATOR_CALL, ENTRYPOINT, positional=(0,)),
    Registration(
        _names("add_node"),
        Form.METHOD,
        GRAPH_NODE,
        positional=(1,),
        or_only_positional=True,
        keywords=("action",),
        requires="langgraph",
    ),
    Registration(
        _names("add_sequence"),
        Form.METHOD,
        GRAPH_NODE,
        positional=(0,),
        lists=True,
        requires="langgraph",
    ),
    Registration(
        _names("add_conditional_edges"),
        Form.METHOD,
        GRAPH_ROUTER,
        positional=(1,),
        keywords=("path",),
        requires="langgraph",
    ),
    Registration(
        _names("set_conditional_entry_point"),
        Form.METHOD,
        GRAPH_ROUTER,
        positional=(0,),
        keywords=("path",),
        requires="langgraph",
    ),
    Registration(
        RUNNABLE_CALLABLES,
        Form.CALL,
        GRAPH_NODE,
        positional=(1,),
        keywords=("afunc",),
        sync_positional=(0,),
        sync_keywords=("func",),
        sync_registered_alone=True,
        config_by_sync=True,
    ),
    Registration(
        TOOL_NODES, Form.CALL, TOOL_FUNCTION, positional=(0,), keywords=("tools",), lists=True
    ),
    Registration(
        REACT_AGENTS, Form.CALL, TOOL_FUNCTION, positional=(1,), keywords=("tools",), lists=True
    ),
    Registration(
        AGENT_FACTORIES, Form.CALL, TOOL_FUNCTION, positional=(1,), keywords=("tools",), lists=True
    ),
    Registration(
        MIDDLEWARE_BASES,
        Form.SUBCLASS,
        MIDDLEWARE_HOOK,
        methods=(*(f"a{hook}" for hook in NODE_HOOKS), *NODE_HOOKS),
    ),
    Registration(
        MIDDLEWARE_BASES,
        Form.SUBCLASS,
        WRAP_HOOK,
        methods=(*(f"a{hook}" for hook in WRAP_HOOKS), *WRAP_HOOKS),
    ),
    Registration(_middleware_decorators(NODE_HOOKS), Form.DECORATOR, MIDDLEWARE_HOOK),
    Registration(_middleware_decorators(WRAP_HOOKS), Form.DECORATOR, WRAP_HOOK),
)

#: ``functools.partial(fn, ...)`` stands for ``fn`` wherever a function is registered.
PARTIALS = _names("functools.partial")
#: The libraries whose names registrations resolve to.
LIBRARIES = ("langchain", "langgraph")

# -- runnable calls and configs ------------------------------------------------------------

#: Methods that run a runnable asynchronously, and synchronously: how a graph, chain or
#: agent is run decides whether a sync function in it loses the config (docs/facts.md).
ASYNC_RUN_METHODS: FrozenSet[str] = _names(
    "ainvoke",
    "astream",
    "astream_events",
    "astream_log",
    "abatch",
    "abatch_as_completed",
    "atransform",
)
SYNC_RUN_METHODS: FrozenSet[str] = _names(
    "invoke", "stream", "batch", "batch_as_completed", "transform"
)
#: Calls that run a runnable inside a function. Sync ones count too: inside an async
#: callable they lose the config like the async ones (docs/facts.md).
#: Functions that build a graph whose nodes are the agents handed to them (a list, or
#: ``agents=``): the agents run as that graph is run, so how it runs is followed on from the
#: call, as a compiled graph is. By module, then name.
AGENT_COMPOSERS: Tuple[Tuple[str, str], ...] = (
    ("langgraph_swarm", "create_swarm"),
    ("langgraph_supervisor", "create_supervisor"),
)
RUNNABLE_METHODS: FrozenSet[str] = ASYNC_RUN_METHODS | _names("invoke", "stream", "batch")
#: Functions that build a config from the one passed first.
CONFIG_BUILDERS: FrozenSet[str] = _names("patch_config", "merge_configs", "ensure_config")
#: Calls whose result is a config built from the one passed first: the builders, and copies.
CONFIG_COPIES: FrozenSet[str] = CONFIG_BUILDERS | _names(
    "dict", "copy", "deepcopy", "RunnableConfig"
)
#: Functions that take a RunnableConfig first and read it.
CONFIG_READERS: FrozenSet[str] = _names(
    "from_runnable_config",
    "get_callback_manager_for_config",
    "get_async_callback_manager_for_config",
)
#: Keys only a RunnableConfig has.
CONFIG_KEYS: FrozenSet[str] = _names(
    "configurable", "callbacks", "run_name", "recursion_limit", "max_concurrency"
)
#: ``functools.wraps``: a wrapper made with it shows the wrapped function's signature.
WRAPS: FrozenSet[str] = _names("functools.wraps")
#: Every key a RunnableConfig may have: reading any other (``config["model"]``) means the
#: ``config`` at hand is the application's settings.
CONFIG_FIELDS: FrozenSet[str] = CONFIG_KEYS | _names("tags", "metadata", "run_id")
#: What a dict offers as attributes; ``config.model_name`` is not a RunnableConfig.
DICT_METHODS: FrozenSet[str] = frozenset(name for name in dir(dict) if not name.startswith("_"))
RUNNABLE_CONFIG = _names(
    "langchain_core.runnables.RunnableConfig",
    "langchain_core.runnables.config.RunnableConfig",
    "langchain.schema.runnable.RunnableConfig",
    "langchain.schema.runnable.config.RunnableConfig",
)
TOOL_RUNTIME = _names(
    "langchain.tools.ToolRuntime",
    "langchain.tools.tool_node.ToolRuntime",
    "langgraph.prebuilt.ToolRuntime",
    "langgraph.prebuilt.tool_node.ToolRuntime",
)

#: What the fixes import, as ``(module, name)``.
RUNNABLE_CONFIG_IMPORT = ("langchain_core.runnables", "RunnableConfig")
PATCH_CONFIG_IMPORT = ("langchain_core.runnables", "patch_config")
MERGE_CONFIGS_IMPORT = ("langchain_core.runnables.config", "merge_configs")
CALLBACKS_IMPORT = ("langchain_core.callbacks", "Callbacks")
RUN_MANAGER_IMPORT = ("langchain_core.callbacks", "AsyncCallbackManagerForToolRun")
OPTIONAL_IMPORT = ("typing", "Optional")


def words() -> FrozenSet[str]:
    """Every name a file must spell to register a function: the prefilter's words."""
    found: Set[str] = set()
    for registration in REGISTRATIONS:
        found.update(name.rsplit(".", 1)[-1] for name in registration.names)
        found.update(registration.methods)
    return frozenset(found)
