"""Which functions LangChain calls with a config, and how it hands that config over.

Tools receive the config through a parameter *annotated* ``RunnableConfig``, whatever its
name (see FACTS.md), or through ``runtime.config`` when they take a ``ToolRuntime``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Iterable, Optional

import libcst as cst

from toolcfg.linter.imports import Binding, Scope, dotted_name, qualified_names, resolves_to

TOOL_DECORATORS: FrozenSet[str] = frozenset(
    {
        "langchain_core.tools.tool",
        "langchain_core.tools.convert.tool",
        "langchain.tools.tool",
        "langchain.agents.tool",
    }
)

RUNNABLE_CONFIG: FrozenSet[str] = frozenset(
    {
        "langchain_core.runnables.RunnableConfig",
        "langchain_core.runnables.config.RunnableConfig",
        "langchain.schema.runnable.RunnableConfig",
        "langchain.schema.runnable.config.RunnableConfig",
    }
)
RUNNABLE_CONFIG_IMPORT = ("langchain_core.runnables", "RunnableConfig")

TOOL_RUNTIME: FrozenSet[str] = frozenset(
    {
        "langchain.tools.ToolRuntime",
        "langchain.tools.tool_node.ToolRuntime",
        "langgraph.prebuilt.ToolRuntime",
        "langgraph.prebuilt.tool_node.ToolRuntime",
    }
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


TOOL = TargetKind(label="tool", missing_code="TCF001", dropped_code="TCF002", injection="annotation")


@dataclass(frozen=True)
class ConfigSource:
    """Where a target's config comes from: a parameter, or ``runtime.config``."""

    #: The name that every derived expression mentions.
    root: str
    #: The expression a fix passes on as ``config=``.
    expression: str


def target_kind(function: cst.FunctionDef, scope: Scope) -> Optional[TargetKind]:
    """The kind of ``function`` given the scope its decorators are evaluated in."""
    if function.asynchronous is not None and any(
        _is_tool_decorator(decorator, scope) for decorator in function.decorators
    ):
        return TOOL
    return None


def _is_tool_decorator(decorator: cst.Decorator, scope: Scope) -> bool:
    expr = decorator.decorator
    if isinstance(expr, cst.Call):
        expr = expr.func
    return resolves_to(expr, scope, TOOL_DECORATORS)


def all_params(params: cst.Parameters) -> Iterable[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if isinstance(params.star_kwarg, cst.Param):
        yield params.star_kwarg


def config_source(function: cst.FunctionDef, scope: Scope) -> Optional[ConfigSource]:
    """The config a tool already receives, if any."""
    for param in all_params(function.params):
        if param.annotation is None:
            continue
        name = param.name.value
        annotation = param.annotation.annotation
        if _mentions(annotation, scope, RUNNABLE_CONFIG, "RunnableConfig"):
            return ConfigSource(root=name, expression=name)
        if _mentions(annotation, scope, TOOL_RUNTIME, "ToolRuntime"):
            return ConfigSource(root=name, expression=f"{name}.config")
    return None


def _mentions(
    annotation: cst.BaseExpression, scope: Scope, names: FrozenSet[str], bare: str
) -> bool:
    """Does the annotation name the type, bare, quoted, subscripted or in a union?

    Anything spelled like the type counts, so that we never add a second config parameter
    next to one the user wrote in a form LangChain ignores (that is a separate rule).
    """
    for node in _annotation_parts(annotation):
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


def _annotation_parts(annotation: cst.BaseExpression) -> Iterable[cst.BaseExpression]:
    yield annotation
    if isinstance(annotation, cst.Subscript):
        yield from _annotation_parts(annotation.value)
        for element in annotation.slice:
            if isinstance(element.slice, cst.Index):
                yield from _annotation_parts(element.slice.value)
    elif isinstance(annotation, cst.BinaryOperation):
        yield from _annotation_parts(annotation.left)
        yield from _annotation_parts(annotation.right)


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
