"""Which functions LangChain calls with a config, and how it hands that config over.

Each family of config-receiving functions is a ``TargetKind``. They differ in how they are
recognised (a decorator, a registration call, a ``BaseTool`` subclass) and in how LangChain
injects the config (FACTS.md): tools find the parameter by its ``RunnableConfig``
*annotation*, whatever its name; ``RunnableLambda``, ``@chain``, LangGraph nodes and
``@entrypoint`` find it by the *name* ``config``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import FrozenSet, Iterable, Iterator, List, Optional, Tuple

import libcst as cst

from toolcfg.linter import calls
from toolcfg.linter.imports import Binding, Scope, dotted_name, qualified_names, resolves_to


def _names(*names: str) -> FrozenSet[str]:
    return frozenset(names)


TOOL_DECORATORS = _names(
    "langchain_core.tools.tool",
    "langchain_core.tools.convert.tool",
    "langchain.tools.tool",
    "langchain.agents.tool",
)
#: Calls that take an async tool body as ``coroutine=``.
TOOL_FACTORIES = _names(
    "langchain_core.tools.StructuredTool",
    "langchain_core.tools.structured.StructuredTool",
    "langchain.tools.StructuredTool",
    "langchain_core.tools.StructuredTool.from_function",
    "langchain_core.tools.structured.StructuredTool.from_function",
    "langchain.tools.StructuredTool.from_function",
    "langchain_core.tools.Tool",
    "langchain_core.tools.Tool.from_function",
    "langchain_core.tools.simple.Tool",
    "langchain_core.tools.simple.Tool.from_function",
    "langchain.tools.Tool",
    "langchain.tools.Tool.from_function",
    "langchain.agents.Tool",
    "langchain.agents.Tool.from_function",
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
ENTRYPOINTS = _names("langgraph.func.entrypoint")
PARTIALS = _names("functools.partial")

RUNNABLE_CONFIG = _names(
    "langchain_core.runnables.RunnableConfig",
    "langchain_core.runnables.config.RunnableConfig",
    "langchain.schema.runnable.RunnableConfig",
    "langchain.schema.runnable.config.RunnableConfig",
)
RUNNABLE_CONFIG_IMPORT = ("langchain_core.runnables", "RunnableConfig")
TOOL_RUNTIME = _names(
    "langchain.tools.ToolRuntime",
    "langchain.tools.tool_node.ToolRuntime",
    "langgraph.prebuilt.ToolRuntime",
    "langgraph.prebuilt.tool_node.ToolRuntime",
)


@dataclass(frozen=True)
class TargetKind:
    """A family of config-receiving functions, with its codes and its injection rule."""

    label: str
    missing_code: str
    dropped_code: str
    #: "annotation": LangChain finds the parameter by its RunnableConfig annotation.
    #: "name": it finds the parameter named ``config``.
    injection: str
    #: Sync functions of this family keep their config (FACTS.md), so only async ones count.
    async_only: bool


TOOL = TargetKind("async tool", "TCF001", "TCF002", "annotation", async_only=True)
TOOL_COROUTINE = TargetKind("tool coroutine", "TCF011", "TCF012", "annotation", async_only=True)
BASE_TOOL = TargetKind("tool method", "TCF021", "TCF022", "annotation", async_only=True)
RUNNABLE_LAMBDA = TargetKind("runnable lambda", "TCF031", "TCF032", "name", async_only=False)
GRAPH_NODE = TargetKind("LangGraph node", "TCF041", "TCF042", "name", async_only=False)
KINDS = (TOOL, TOOL_COROUTINE, BASE_TOOL, RUNNABLE_LAMBDA, GRAPH_NODE)


@dataclass(frozen=True)
class ConfigSource:
    """Where a target's config comes from: a parameter, or ``runtime.config``."""

    #: The name that every expression built from the config mentions.
    root: str
    #: The expression a fix passes on as ``config=``.
    expression: str


# -- recognising targets --------------------------------------------------------------------


def decorator_kind(function: cst.FunctionDef, scope: Scope) -> Optional[TargetKind]:
    """The kind a decorator gives ``function``, resolved in the scope it is defined in."""
    for decorator in function.decorators:
        expr = decorator.decorator
        called = expr.func if isinstance(expr, cst.Call) else expr
        if resolves_to(called, scope, TOOL_DECORATORS):
            return TOOL
        if resolves_to(called, scope, CHAIN_DECORATORS):
            return RUNNABLE_LAMBDA
        if resolves_to(called, scope, ENTRYPOINTS):
            return GRAPH_NODE
    return None


def registrations(
    call: cst.Call, scope: Scope, uses_langgraph: bool
) -> Iterator[Tuple[cst.BaseExpression, TargetKind]]:
    """The functions a call hands to LangChain or LangGraph, with the kind it makes them.

    ``StructuredTool.from_function(coroutine=fn)``, ``Tool(..., coroutine=fn)``,
    ``tool(fn)``, ``tool("name")(fn)``, ``RunnableLambda(fn, afunc=fn)``, ``chain(fn)``,
    ``entrypoint(...)(fn)`` and ``builder.add_node("name", fn)``.
    """
    func = call.func
    if resolves_to(func, scope, TOOL_FACTORIES):
        yield from ((arg.value, TOOL_COROUTINE) for arg in _keywords(call, "coroutine"))
    elif resolves_to(func, scope, TOOL_DECORATORS) or _is_configured(func, scope, TOOL_DECORATORS):
        yield from ((arg.value, TOOL_COROUTINE) for arg in _positional(call)[:1])
    elif resolves_to(func, scope, RUNNABLE_LAMBDAS):
        functions = _positional(call)[:2] + _keywords(call, "func", "afunc")
        yield from ((arg.value, RUNNABLE_LAMBDA) for arg in functions)
    elif resolves_to(func, scope, CHAIN_DECORATORS):
        yield from ((arg.value, RUNNABLE_LAMBDA) for arg in _positional(call)[:1])
    elif _is_configured(func, scope, ENTRYPOINTS):
        yield from ((arg.value, GRAPH_NODE) for arg in _positional(call)[:1])
    elif uses_langgraph and isinstance(func, cst.Attribute) and func.attr.value == "add_node":
        positional = _positional(call)
        nodes = positional[1:2] if len(positional) > 1 else positional[:1]
        yield from ((arg.value, GRAPH_NODE) for arg in nodes + _keywords(call, "action"))


def _is_configured(func: cst.BaseExpression, scope: Scope, names: FrozenSet[str]) -> bool:
    """``tool("name")`` or ``entrypoint(checkpointer=...)``: a decorator built by a call."""
    return isinstance(func, cst.Call) and resolves_to(func.func, scope, names)


def _positional(call: cst.Call) -> List[cst.Arg]:
    return [arg for arg in call.args if arg.keyword is None and not arg.star]


def _keywords(call: cst.Call, *names: str) -> List[cst.Arg]:
    return [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in names]


def referenced_functions(expr: cst.BaseExpression, scope: Scope) -> List[cst.FunctionDef]:
    """The ``def``s a registered expression names: ``fn`` or ``functools.partial(fn, ...)``."""
    if isinstance(expr, cst.Call) and (
        resolves_to(expr.func, scope, PARTIALS) or dotted_name(expr.func) == "partial"
    ):
        positional = _positional(expr)
        return referenced_functions(positional[0].value, scope) if positional else []
    if not isinstance(expr, cst.Name):
        return []
    return [
        b.definition for b in scope.lookup(expr.value) if isinstance(b.definition, cst.FunctionDef)
    ]


def is_base_tool(cls: cst.ClassDef, scope: Scope, seen: FrozenSet[int] = frozenset()) -> bool:
    """Does ``cls`` derive from ``BaseTool``, directly or through classes of this module?"""
    if id(cls) in seen:
        return False
    for base in cls.bases:
        if base.keyword is not None:
            continue
        if resolves_to(base.value, scope, BASE_TOOLS):
            return True
        name = dotted_name(base.value)
        for binding in scope.lookup(name) if name and "." not in name else ():
            if isinstance(binding.definition, cst.ClassDef) and is_base_tool(
                binding.definition, scope, seen | {id(cls)}
            ):
                return True
    return False


def uses_langgraph(module_scope: Scope, scopes: Iterable[Scope]) -> bool:
    """Does the module import anything from LangGraph? ``add_node`` alone is too common a name."""
    return any(
        binding.qualified_name.split(".")[0] == "langgraph"
        for scope in scopes
        for bindings in scope.bindings.values()
        for binding in bindings
    ) or any(module.split(".")[0] == "langgraph" for module in module_scope.star_modules)


# -- how a target receives its config -------------------------------------------------------


def all_params(params: cst.Parameters) -> Iterable[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if isinstance(params.star_kwarg, cst.Param):
        yield params.star_kwarg


def config_source(
    function: cst.FunctionDef, kind: TargetKind, scope: Scope
) -> Optional[ConfigSource]:
    """The config a target already receives, if any.

    A parameter spelled like the config in a form LangChain ignores still counts: adding a
    second one would not help, and a separate rule reports the spelling.
    """
    params = list(all_params(function.params))
    if kind.injection == "name" and any(param.name.value == "config" for param in params):
        return ConfigSource("config", "config")
    for param in params:
        if param.annotation is None:
            continue
        name = param.name.value
        annotation = param.annotation.annotation
        if mentions_type(annotation, scope, RUNNABLE_CONFIG, "RunnableConfig"):
            return ConfigSource(name, name)
        if mentions_type(annotation, scope, TOOL_RUNTIME, "ToolRuntime"):
            return ConfigSource(name, f"{name}.config")
    untyped = next((p for p in params if p.name.value == "config" and not p.star), None)
    if (
        untyped is not None
        and is_untyped(untyped)
        and calls.used_as_config("config", function.body)
    ):
        return ConfigSource("config", "config")
    return None


def is_untyped(param: cst.Param) -> bool:
    """No annotation, or one that says only "some mapping" (``dict``, ``Dict[str, Any]``, ``Any``)."""
    if param.annotation is None:
        return True
    heads = []
    for part in annotation_parts(param.annotation.annotation):
        if isinstance(part, (cst.Subscript, cst.BinaryOperation)):
            continue
        dotted = dotted_name(part.value if isinstance(part, cst.Subscript) else part)
        heads.append(dotted.rsplit(".", 1)[-1] if dotted else None)
    # ``Optional[dict]``, ``dict | None``, ``Dict[str, Any]``: a mapping, maybe None.
    meaningful = [head for head in heads if head not in {"None", "Optional", "Union", "str"}]
    return bool(meaningful) and all(
        head in {"dict", "Dict", "Mapping", "Any"} for head in meaningful
    )


def other_config_roots(function: cst.FunctionDef, kind: TargetKind) -> Tuple[str, ...]:
    """Parameters through which LangChain hands a tool its callbacks without a config.

    ``BaseTool._arun`` gets ``run_manager``; a tool function with a ``callbacks`` parameter
    gets ``run_manager.get_child()`` in it, as LangChain's own retriever tool relies on. A
    ``config={"callbacks": ...}`` built from either forwards the caller's callbacks.
    """
    if kind is BASE_TOOL:
        wanted = "run_manager"
    elif kind.injection == "annotation":
        wanted = "callbacks"
    else:
        return ()
    return tuple(p.name.value for p in all_params(function.params) if p.name.value == wanted)


def mentions_type(
    annotation: cst.BaseExpression, scope: Scope, names: FrozenSet[str], bare: str
) -> bool:
    """Does the annotation name the type, bare, quoted, subscripted or in a union?"""
    for node in annotation_parts(annotation):
        if isinstance(node, cst.SimpleString):
            if bare in node.value:
                return True
            continue
        dotted = dotted_name(node)
        if dotted is None:
            continue
        if dotted.rsplit(".", 1)[-1] == bare or qualified_names(node, scope) & names:
            return True
    return False


def annotation_parts(annotation: cst.BaseExpression) -> Iterable[cst.BaseExpression]:
    yield annotation
    if isinstance(annotation, cst.Subscript):
        yield from annotation_parts(annotation.value)
        for element in annotation.slice:
            if isinstance(element.slice, cst.Index):
                yield from annotation_parts(element.slice.value)
    elif isinstance(annotation, cst.BinaryOperation):
        yield from annotation_parts(annotation.left)
        yield from annotation_parts(annotation.right)


def type_checking_only_names(function: cst.FunctionDef, scope: Scope) -> List[str]:
    """Names in the signature's annotations that exist only under ``if TYPE_CHECKING:``.

    LangChain resolves a tool method's annotations with ``get_type_hints``; if one fails,
    it injects nothing at all, and a required config parameter then raises TypeError.
    """
    found = []
    for param in all_params(function.params):
        if param.annotation is None:
            continue
        for node in annotation_parts(param.annotation.annotation):
            if isinstance(node, cst.SimpleString):
                heads = re.findall(r"(?<![.\w])([A-Za-z_]\w*)", node.evaluated_value or "")
            else:
                dotted = dotted_name(node)
                heads = [dotted.split(".")[0]] if dotted else []
            for head in heads:
                bindings = scope.lookup(head)
                if bindings and not any(binding.runtime for binding in bindings):
                    found.append(head)
    return found


def runnable_config_spelling(module_scope: Scope) -> Optional[str]:
    """The name under which the module already imports RunnableConfig at run time."""
    candidates = sorted(
        name
        for name, bindings in module_scope.bindings.items()
        if bindings and all(_is_runtime_config(binding) for binding in bindings)
    )
    if "RunnableConfig" in candidates:
        return "RunnableConfig"
    return candidates[0] if candidates else None


def _is_runtime_config(binding: Binding) -> bool:
    return binding.runtime and binding.qualified_name in RUNNABLE_CONFIG
