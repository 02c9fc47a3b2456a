"""What a parameter's annotation says, read the way LangChain and LangGraph read it.

Names are resolved through the index's scopes (``toolcfg.index.scopes``): ``RC`` is
``RunnableConfig`` if the module imports it so, and an import under ``TYPE_CHECKING``
does not exist when LangChain resolves the signature.
"""

from __future__ import annotations

import ast
import re
from typing import FrozenSet, Iterator, List, Optional

import libcst as cst

from toolcfg import registry
from toolcfg.index.scopes import Scope
from toolcfg.linter.facts import all_params

_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION = frozenset({"typing.Union", "typing_extensions.Union"})
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_LANGGRAPH_TEXTS = frozenset({"RunnableConfig", "Optional[RunnableConfig]"})


def dotted_name(expr: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a chain of names, None for anything else."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        head = dotted_name(expr.value)
        return None if head is None else f"{head}.{expr.attr.value}"
    return None


def code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def parts(annotation: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The annotation and everything inside its subscripts and unions."""
    yield annotation
    if isinstance(annotation, cst.Subscript):
        yield from parts(annotation.value)
        for element in annotation.slice:
            if isinstance(element.slice, cst.Index):
                yield from parts(element.slice.value)
    elif isinstance(annotation, cst.BinaryOperation):
        yield from parts(annotation.left)
        yield from parts(annotation.right)


def mentions_type(
    annotation: cst.BaseExpression, scope: Scope, names: FrozenSet[str], bare: str
) -> bool:
    """Does the annotation name the type, bare, quoted, subscripted or in a union?"""
    for node in parts(annotation):
        if isinstance(node, cst.SimpleString):
            if bare in node.value:
                return True
            continue
        dotted = dotted_name(node)
        if dotted is None:
            continue
        if dotted.rsplit(".", 1)[-1] == bare or scope.qualified_names(dotted) & names:
            return True
    return False


def is_runnable_config(annotation: cst.BaseExpression, scope: Scope) -> bool:
    return mentions_type(annotation, scope, registry.RUNNABLE_CONFIG, "RunnableConfig")


def is_tool_runtime(annotation: cst.BaseExpression, scope: Scope) -> bool:
    return mentions_type(annotation, scope, registry.TOOL_RUNTIME, "ToolRuntime")


def is_bare(annotation: cst.BaseExpression, scope: Scope) -> bool:
    """``RunnableConfig`` under any import name, ``module.RunnableConfig``, or quoted."""
    if isinstance(annotation, cst.SimpleString):
        text = annotation.evaluated_value
        return isinstance(text, str) and text.strip().rsplit(".", 1)[-1] == "RunnableConfig"
    dotted = dotted_name(annotation)
    return dotted is not None and (
        dotted.rsplit(".", 1)[-1] == "RunnableConfig"
        or bool(scope.qualified_names(dotted) & registry.RUNNABLE_CONFIG)
    )


def unannotated(annotation: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
    """The type inside ``Annotated[T, ...]``; the annotation itself otherwise."""
    if isinstance(annotation, cst.Subscript) and (
        scope.qualified_names(dotted_name(annotation.value)) & _ANNOTATED
        or dotted_name(annotation.value) == "Annotated"
    ):
        first = annotation.slice[0].slice if annotation.slice else None
        if isinstance(first, cst.Index):
            return first.value
    return annotation


def is_untyped(param: cst.Param) -> bool:
    """No annotation, or one that says only "some mapping" (``dict``, ``Dict[str, Any]``, ``Any``)."""
    if param.annotation is None:
        return True
    heads = []
    for part in parts(param.annotation.annotation):
        if isinstance(part, (cst.Subscript, cst.BinaryOperation)):
            continue
        dotted = dotted_name(part)
        heads.append(dotted.rsplit(".", 1)[-1] if dotted else None)
    # ``Optional[dict]``, ``dict | None``, ``Dict[str, Any]``: a mapping, maybe None.
    meaningful = [head for head in heads if head not in {"None", "Optional", "Union", "str"}]
    return bool(meaningful) and all(
        head in {"dict", "Dict", "Mapping", "Any"} for head in meaningful
    )


def optional_of(annotation: cst.BaseExpression, scope: Scope) -> Optional[cst.BaseExpression]:
    """``X`` for ``Optional[X]``, ``Union[X, None]`` and ``X | None``."""
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        sides = [annotation.left, annotation.right]
    elif isinstance(annotation, cst.Subscript):
        dotted = dotted_name(annotation.value)
        names = scope.qualified_names(dotted)
        elements = [e.slice.value for e in annotation.slice if isinstance(e.slice, cst.Index)]
        if names & _OPTIONAL or dotted == "Optional":
            return elements[0] if len(elements) == 1 else None
        if not (names & _UNION or dotted == "Union"):
            return None
        sides = elements
    else:
        return None
    others = [side for side in sides if not (isinstance(side, cst.Name) and side.value == "None")]
    return others[0] if len(sides) == 2 and len(others) == 1 else None


def langgraph_accepts(annotation: cst.BaseExpression, scope: Scope, future: bool) -> bool:
    """LangGraph's list: ``RunnableConfig``, ``Optional[RunnableConfig]``, as types or text.

    Under ``from __future__ import annotations`` it compares the annotation's *text*.
    """
    if future:  # the text as PEP 563 writes it, quotes included
        return normalized(code(annotation)) in _LANGGRAPH_TEXTS
    if isinstance(annotation, cst.SimpleString):  # compared as written
        return annotation.evaluated_value in _LANGGRAPH_TEXTS
    if is_exactly_config(annotation, scope):
        return True
    inner = optional_of(annotation, scope)
    return inner is not None and is_exactly_config(inner, scope)


def is_exactly_config(annotation: cst.BaseExpression, scope: Scope) -> bool:
    dotted = dotted_name(annotation)
    return dotted == "RunnableConfig" or bool(
        scope.qualified_names(dotted) & registry.RUNNABLE_CONFIG
    )


def normalized(text: str) -> str:
    """An annotation's text as ``from __future__ import annotations`` stores it."""
    try:
        return ast.unparse(ast.parse(text.strip(), mode="eval"))
    except SyntaxError:
        return text


def type_checking_only_names(function: cst.FunctionDef, scope: Scope) -> List[str]:
    """Names in the signature's annotations that exist only under ``if TYPE_CHECKING:``.

    LangChain resolves a tool method's annotations with ``get_type_hints``; if one fails,
    it injects nothing at all, and a required config parameter then raises TypeError.
    """
    found = []
    for param in all_params(function.params):
        if param.annotation is None:
            continue
        for node in parts(param.annotation.annotation):
            if isinstance(node, cst.SimpleString):
                text = node.evaluated_value  # bytes, for b"...": no forward reference
                heads = (
                    re.findall(r"(?<![.\w])([A-Za-z_]\w*)", text) if isinstance(text, str) else []
                )
            else:
                dotted = dotted_name(node)
                heads = [dotted.split(".")[0]] if dotted else []
            for head in heads:
                bindings = scope.lookup(head)
                if bindings and not any(binding.runtime for binding in bindings):
                    found.append(head)
    return found


def runtime_spelling(module_scope: Scope, qualified: FrozenSet[str], default: str) -> Optional[str]:
    """The name under which the module already imports one of ``qualified`` at run time,
    preferring ``default``."""
    candidates = sorted(
        name
        for name in module_scope.names()
        if (bindings := module_scope.lookup(name))
        and all(b.runtime and b.qualified_name in qualified for b in bindings)
    )
    if default in candidates:
        return default
    return candidates[0] if candidates else None
