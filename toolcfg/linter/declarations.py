"""Config parameters that LangChain or LangGraph will never fill in.

A function can declare a config parameter and still never receive it: tools match the
parameter by its exact ``RunnableConfig`` annotation, LangGraph by the name ``config`` and
a short list of accepted annotations, ``RunnableLambda`` by the name alone (FACTS.md).
Each declaration problem comes with the parameter change that makes it injectable.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import FrozenSet, Iterator, List, Optional, Tuple

import libcst as cst

from toolcfg.linter import calls, targets
from toolcfg.linter.imports import Scope, dotted_name, qualified_names
from toolcfg.linter.targets import GRAPH_NODE, RUNNABLE_CONFIG, TOOL, TargetKind, all_params

OPTIONAL_TOOL_CONFIG = "TCF101"
UNTYPED_TOOL_CONFIG = "TCF102"
TYPE_CHECKING_CONFIG = "TCF103"
MISNAMED_CONFIG = "TCF104"
NODE_CONFIG_ANNOTATION = "TCF105"

_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION = frozenset({"typing.Union", "typing_extensions.Union"})


@dataclass(frozen=True)
class ParameterFix:
    """How to change the parameter so that it is injected."""

    annotation: Optional[str] = None
    drop_default: bool = False
    keyword_only: bool = False
    rename: Optional[str] = None
    #: ``(module, name)`` pairs to import at run time.
    imports: Tuple[Tuple[str, str], ...] = ()
    #: False when the change can alter behaviour for code that calls the function directly.
    safe: bool = True


@dataclass(frozen=True)
class DeclarationProblem:
    code: str
    message: str
    param: cst.Param
    fix: Optional[ParameterFix]


@dataclass(frozen=True)
class ModuleFacts:
    """What the declaration rules need to know about the module around a function."""

    module_scope: Scope
    future_annotations: bool
    #: The name RunnableConfig is imported under at run time, if any.
    config_spelling: Optional[str]


def declaration_problems(
    function: cst.FunctionDef,
    kind: TargetKind,
    scope: Scope,
    module: ModuleFacts,
    taken: FrozenSet[str],
) -> Iterator[DeclarationProblem]:
    if kind.injection == "annotation":
        yield from _tool_problems(function, kind, scope, module)
    else:
        yield from _name_problems(function, kind, scope, module, taken)


# -- tools: injected by the exact annotation ------------------------------------------------


def _tool_problems(
    function: cst.FunctionDef, kind: TargetKind, scope: Scope, module: ModuleFacts
) -> Iterator[DeclarationProblem]:
    for param in all_params(function.params):
        if param.star:
            continue
        annotation = param.annotation.annotation if param.annotation else None
        name = param.name.value
        if annotation is None or not targets.mentions_type(
            annotation, scope, RUNNABLE_CONFIG, "RunnableConfig"
        ):
            if (
                name == "config"
                and targets.is_untyped(param)
                and calls.used_as_config(name, function.body)
            ):
                what = "has no annotation" if annotation is None else "is annotated as a dict"
                yield DeclarationProblem(
                    UNTYPED_TOOL_CONFIG,
                    f"`config` {what}, so LangChain puts it in the tool's args schema instead "
                    "of injecting the caller's config",
                    param,
                    _bare_config_fix(function, param, kind, scope, module),
                )
            continue
        if _only_type_checking(annotation, scope):
            yield DeclarationProblem(
                TYPE_CHECKING_CONFIG,
                "`RunnableConfig` is imported only under `TYPE_CHECKING`, so LangChain cannot "
                "resolve the tool's signature and the tool fails when it is built or called",
                param,
                ParameterFix(imports=(targets.RUNNABLE_CONFIG_IMPORT,)),
            )
        exact = _is_bare(annotation, scope)
        others = _type_checking_imports(function, scope)
        if others:
            names = ", ".join(f"`{name}`" for _, name in others)
            yield DeclarationProblem(
                TYPE_CHECKING_CONFIG,
                f"{names} in the signature is imported only under `TYPE_CHECKING`, so LangChain "
                "cannot resolve it, injects nothing, and the required config raises TypeError",
                param,
                ParameterFix(imports=others, safe=all(_is_library(module) for module, _ in others)),
            )
        if exact and param.default is None:
            continue
        spelled = _code(annotation) + (
            f" = {_code(param.default)}" if param.default is not None else ""
        )
        # A BaseTool takes its args schema from `_run` only when the class sets no `args_schema`.
        unless = " without an `args_schema`" if kind is targets.BASE_TOOL else ""
        message = (
            f"`{name}: {spelled}` is not injected by LangChain (a default is ignored up to "
            f"langchain-core 1.5.6 on Python 3.10), and{unless} the parameter shows up in the "
            "tool's args schema"
            if exact
            else f"`{name}: {spelled}` is never injected by LangChain: the tool receives "
            f"`None`{',' if unless else ''} and{unless} its args schema asks the model for a config"
        )
        yield DeclarationProblem(
            OPTIONAL_TOOL_CONFIG,
            message,
            param,
            _bare_config_fix(function, param, kind, scope, module),
        )


def _type_checking_imports(function: cst.FunctionDef, scope: Scope) -> Tuple[Tuple[str, str], ...]:
    """The ``from module import name`` imports that would make the signature resolvable."""
    imports = []
    for head in targets.type_checking_only_names(function, scope):
        for binding in scope.lookup(head):
            module, _, name = binding.qualified_name.rpartition(".")
            if binding.qualified_name in RUNNABLE_CONFIG or not module:
                continue
            imports.append((module, name))
    return tuple(dict.fromkeys(imports))


def _config_heads(function: cst.FunctionDef, scope: Scope) -> int:
    """How many TYPE_CHECKING-only signature names are RunnableConfig itself (TCF103's own)."""
    return sum(
        all(binding.qualified_name in RUNNABLE_CONFIG for binding in scope.lookup(head))
        for head in targets.type_checking_only_names(function, scope)
    )


def _is_library(module: str) -> bool:
    """Importing these at run time cannot create an import cycle in the user's project."""
    return module.split(".")[0] in {
        "langchain",
        "langchain_core",
        "langgraph",
        "typing",
        "typing_extensions",
    }


def _bare_config_fix(
    function: cst.FunctionDef, param: cst.Param, kind: TargetKind, scope: Scope, module: ModuleFacts
) -> Optional[ParameterFix]:
    others = _type_checking_imports(function, scope)
    if len(others) < len(targets.type_checking_only_names(function, scope)) - _config_heads(
        function, scope
    ):
        # A name we cannot import at run time keeps LangChain from resolving the signature:
        # it would inject nothing, and a required config would raise TypeError.
        return None
    # The TCF103 fix must come with this one; it is unsafe outside LangChain's own modules.
    imports_safe = all(_is_library(module_name) for module_name, _ in others)
    spelling = module.config_spelling or "RunnableConfig"
    if param.default is None:
        return ParameterFix(
            annotation=spelling,
            imports=_config_import(module.config_spelling is None) + others,
            safe=imports_safe,
        )
    # A decorated tool's function is only ever called by LangChain, which always passes the
    # config once it is injected. Anything else may have direct callers that omit it.
    keyword_only = not _can_drop_default(function.params, param)
    return ParameterFix(
        annotation=spelling,
        drop_default=True,
        keyword_only=keyword_only,
        imports=_config_import(module.config_spelling is None) + others,
        safe=kind is TOOL and not keyword_only and imports_safe,
    )


def _can_drop_default(params: cst.Parameters, param: cst.Param) -> bool:
    """A positional parameter may lose its default only if none before it has one."""
    if any(param is kwonly for kwonly in params.kwonly_params):
        return True
    positional = [*params.posonly_params, *params.params]
    before = positional[: next(i for i, p in enumerate(positional) if p is param)]
    return all(p.default is None for p in before)


def _is_bare(annotation: cst.BaseExpression, scope: Scope) -> bool:
    """``RunnableConfig`` under any import name, ``module.RunnableConfig``, or quoted."""
    if isinstance(annotation, cst.SimpleString):
        text = annotation.evaluated_value
        return isinstance(text, str) and text.strip().rsplit(".", 1)[-1] == "RunnableConfig"
    dotted = dotted_name(annotation)
    return dotted is not None and (
        dotted.rsplit(".", 1)[-1] == "RunnableConfig"
        or bool(qualified_names(annotation, scope) & RUNNABLE_CONFIG)
    )


def _only_type_checking(annotation: cst.BaseExpression, scope: Scope) -> bool:
    """Is every import of the RunnableConfig this annotation names under TYPE_CHECKING?"""
    heads = set()
    for node in targets.annotation_parts(annotation):
        if isinstance(node, cst.SimpleString):
            heads.add("RunnableConfig")
        else:
            dotted = dotted_name(node)
            if dotted is not None and dotted.rsplit(".", 1)[-1] == "RunnableConfig":
                heads.add(dotted.split(".")[0])
    bindings = [binding for head in heads for binding in scope.lookup(head)]
    return bool(bindings) and not any(binding.runtime for binding in bindings)


# -- RunnableLambda, @chain, LangGraph: injected by the name `config` --------------------------


def _name_problems(
    function: cst.FunctionDef,
    kind: TargetKind,
    scope: Scope,
    module: ModuleFacts,
    taken: FrozenSet[str],
) -> Iterator[DeclarationProblem]:
    params = [param for param in all_params(function.params) if not param.star]
    config = next((param for param in params if param.name.value == "config"), None)
    if config is None:
        misnamed = [
            param
            for param in params
            if param.annotation is not None
            and targets.mentions_type(
                param.annotation.annotation, scope, RUNNABLE_CONFIG, "RunnableConfig"
            )
        ]
        for param in misnamed:
            annotation = param.annotation.annotation
            name = param.name.value
            # Two parameters renamed to `config` would not compile.
            fixable = "config" not in taken and len(misnamed) == 1
            # Renamed, the parameter must also carry an annotation LangGraph accepts.
            rewrite = kind is GRAPH_NODE and not _langgraph_accepts(
                annotation, scope, module.future_annotations
            )
            fix = ParameterFix(
                rename="config",
                annotation="RunnableConfig" if rewrite else None,
                imports=_config_import(rewrite and not _runtime_bound(module)),
            )
            yield DeclarationProblem(
                MISNAMED_CONFIG,
                f"`{name}` receives nothing: the config is injected only into a parameter "
                "named `config`" + ("" if fixable else _no_rename(function, misnamed, taken)),
                param,
                fix if fixable else None,
            )
        return
    if kind is GRAPH_NODE and config.annotation is not None:
        annotation = config.annotation.annotation
        if not _langgraph_accepts(annotation, scope, module.future_annotations):
            bound = _runtime_bound(module)
            yield DeclarationProblem(
                NODE_CONFIG_ANNOTATION,
                f"LangGraph does not inject `config: {_code(annotation)}`"
                + (
                    " under `from __future__ import annotations`"
                    if module.future_annotations
                    else ""
                )
                + "; it accepts only `RunnableConfig`, `Optional[RunnableConfig]` or no annotation",
                config,
                ParameterFix(annotation="RunnableConfig", imports=_config_import(not bound)),
            )


def _no_rename(function: cst.FunctionDef, misnamed: List[cst.Param], taken: FrozenSet[str]) -> str:
    if "config" in taken:
        return f" (no fix: `config` is already a name in `{function.name.value}`)"
    return f" (no fix: {len(misnamed)} parameters of `{function.name.value}` are annotated `RunnableConfig`)"


def _config_import(needed: bool) -> Tuple[Tuple[str, str], ...]:
    return (targets.RUNNABLE_CONFIG_IMPORT,) if needed else ()


def _runtime_bound(module: ModuleFacts) -> bool:
    """Is the name ``RunnableConfig`` imported at run time at module level?"""
    return any(
        binding.runtime for binding in module.module_scope.bindings.get("RunnableConfig", ())
    )


def _langgraph_accepts(annotation: cst.BaseExpression, scope: Scope, future: bool) -> bool:
    """LangGraph's list: ``RunnableConfig``, ``Optional[RunnableConfig]``, as types or text.

    Under ``from __future__ import annotations`` it compares the annotation's *text*.
    """
    if future:  # the text as PEP 563 writes it, quotes included
        return _normalized(_code(annotation)) in _LANGGRAPH_TEXTS
    if isinstance(annotation, cst.SimpleString):  # compared as written
        return annotation.evaluated_value in _LANGGRAPH_TEXTS
    if (
        qualified_names(annotation, scope) & RUNNABLE_CONFIG
        or dotted_name(annotation) == "RunnableConfig"
    ):
        return True
    inner = _optional_of(annotation, scope)
    return inner is not None and (
        bool(qualified_names(inner, scope) & RUNNABLE_CONFIG)
        or dotted_name(inner) == "RunnableConfig"
    )


_LANGGRAPH_TEXTS = frozenset({"RunnableConfig", "Optional[RunnableConfig]"})


def _normalized(code: str) -> str:
    """An annotation's text as ``from __future__ import annotations`` stores it."""
    try:
        return ast.unparse(ast.parse(code.strip(), mode="eval"))
    except SyntaxError:
        return code


def _optional_of(annotation: cst.BaseExpression, scope: Scope) -> Optional[cst.BaseExpression]:
    """``X`` for ``Optional[X]``, ``Union[X, None]`` and ``X | None``."""
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        sides = [annotation.left, annotation.right]
    elif isinstance(annotation, cst.Subscript):
        names = qualified_names(annotation.value, scope)
        elements = [e.slice.value for e in annotation.slice if isinstance(e.slice, cst.Index)]
        if names & _OPTIONAL or dotted_name(annotation.value) == "Optional":
            return elements[0] if len(elements) == 1 else None
        if not (names & _UNION or dotted_name(annotation.value) == "Union"):
            return None
        sides = elements
    else:
        return None
    others = [side for side in sides if not (isinstance(side, cst.Name) and side.value == "None")]
    return others[0] if len(sides) == 2 and len(others) == 1 else None


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)
