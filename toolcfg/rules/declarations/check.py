"""The check of config parameters that LangChain or LangGraph will never fill in (TCF10x).

A function can declare a config parameter and still never receive it: tools match the
parameter by its exact ``RunnableConfig`` annotation, LangGraph by the name ``config`` and
a short list of accepted annotations, ``RunnableLambda`` by the name alone (docs/facts.md).
Each problem comes with the parameter change that makes it injectable. The tool families
ask ``for_tools``, the families injected by name ``by_name``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple

import libcst as cst

from toolcfg import registry
from toolcfg.index.scopes import Scope
from toolcfg.linter import annotations as types
from toolcfg.linter import renames
from toolcfg.linter import spelling as spellings
from toolcfg.linter.changes import Change, ChangeParam, FixPlan, Import, RenameRefs
from toolcfg.linter.configuse import only_forwarded, used_as_config
from toolcfg.linter.facts import all_params
from toolcfg.linter.target import FileFacts, Problem, Target
from toolcfg.registry import BASE_TOOL, TargetKind
from toolcfg.rules import declarations as rules
from toolcfg.rules.base import Rule


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
    #: A comment for the parameter's line (``spelling.KEEP_OPTIONAL``).
    comment: Optional[str] = None


@dataclass(frozen=True)
class DeclarationProblem:
    rule: Rule
    variant: str
    fields: Dict[str, str] = field(hash=False)
    param: cst.Param = field(hash=False)
    fix: Optional[ParameterFix] = None
    #: Why there is no fix, when there is none.
    no_fix: Optional[str] = None


@dataclass(frozen=True)
class ModuleFacts:
    """What the declaration rules need to know about the module around a function."""

    module_scope: Scope
    future_annotations: bool
    #: The name RunnableConfig is imported under at run time, if any.
    config_spelling: Optional[str]


def for_tools(target: Target) -> Iterator[Problem]:
    """A tool's config parameter that is optional, defaulted, untyped, or named in a
    signature LangChain cannot resolve (TCF101 to TCF103)."""
    found = _tool_problems(
        target.node,
        target.kind,
        target.outer,
        _module_facts(target.file),
        target.planned.schema,
        target.can_lose_config,
    )
    return _problems(target, found)


def never_injected(param: cst.Param, scope: Scope, body: cst.CSTNode) -> bool:
    """Does LangChain never inject this config parameter of a tool, on any version: it is
    optional (``Optional[RunnableConfig]``), or a ``config`` without a ``RunnableConfig``
    annotation that the body uses as one (TCF101's "optional", TCF102)?"""
    annotation = param.annotation.annotation if param.annotation is not None else None
    if annotation is None or not types.is_runnable_config(annotation, scope):
        name = param.name.value
        return name == "config" and types.is_untyped(param) and used_as_config(name, body)
    return not types.is_bare(types.unannotated(annotation, scope), scope)


def by_name(target: Target, annotations: bool) -> Iterator[Problem]:
    """A config parameter that is not named ``config`` (TCF104) and, with ``annotations``
    (LangGraph's nodes), a ``config`` annotation LangGraph does not accept (TCF105)."""
    module = _module_facts(target.file)
    optional = spellings.optional("RunnableConfig", spellings.Reader.LANGGRAPH, target.file)
    found = _name_problems(target.node, target.outer, module, target.taken, annotations, optional)
    return _problems(target, found)


def renaming(problems: Sequence[Problem]) -> Optional[Problem]:
    """The TCF104 problem whose fix renames the config parameter, if any: the forwarding
    fixes build on it."""
    return next((p for p in problems if p.rule is rules.MISNAMED and p.fix is not None), None)


def _module_facts(file: FileFacts) -> ModuleFacts:
    return ModuleFacts(
        module_scope=file.module_scope,
        future_annotations=file.future_annotations,
        config_spelling=file.spelling(registry.RUNNABLE_CONFIG, "RunnableConfig"),
    )


def _problems(target: Target, found: Iterable[DeclarationProblem]) -> Iterator[Problem]:
    """Each declaration problem, with its parameter change as the changes of a fix."""
    function, source = target.function, target.source
    record = target.record
    for problem in found:
        plan: Optional[FixPlan] = None
        note = f" (no fix: {problem.no_fix})" if problem.no_fix else ""
        fix = problem.fix
        if fix is not None:
            items: List[Change] = []
            change = ChangeParam(
                function.node,
                problem.param.name.value,
                fix.annotation,
                fix.drop_default,
                fix.keyword_only,
                fix.comment,
            )
            if fix.annotation or fix.drop_default or fix.keyword_only:
                items.append(change)
            if fix.rename is not None:
                names = renames.references(function.node, problem.param, source.module, record)
                if names is None:
                    note = (
                        f" (no fix: `{problem.param.name.value}` is read in a way that "
                        "cannot be renamed safely)"
                    )
                    items = []
                    plan = None
                else:
                    items.append(RenameRefs(problem.param.name.value, fix.rename, names))
            if fix.rename is None or items:
                items.extend(Import(module, name) for module, name in fix.imports)
                plan = FixPlan(tuple(items), fix.safe) if items else None
        yield Problem(
            problem.rule,
            problem.variant,
            problem.fields,
            problem.param.name,
            problem.param,
            source,
            plan,
            note,
        )


# -- tools: injected by the exact annotation ------------------------------------------------


def _schema_note(function: cst.FunctionDef, kind: TargetKind, schema: Optional[bool]) -> str:
    """What a parameter LangChain does not inject does to the tool's args schema, said only
    where it is so. A ``BaseTool`` builds its schema from ``_run`` (``get_input_schema``),
    so a parameter of ``_arun`` is never in it; a ``_run`` may be given an ``args_schema``
    where the analysis cannot see it (``super().__init__(args_schema=...)``)."""
    if schema:
        return ""
    if kind is BASE_TOOL and function.name.value == "_arun":
        return ""
    if schema is None or kind is BASE_TOOL:
        return ", and without an `args_schema` the parameter shows up in the tool's args schema"
    return ", and the parameter shows up in the tool's args schema"


def _variant(
    variant: str, function: cst.FunctionDef, param: cst.Param, note: str, can_lose: bool
) -> Optional[str]:
    """The message variant of a parameter LangChain does not inject: ``variant`` when the
    tool depends on the value (it reads from it, the parameter is required, or it shows up
    in the schema); else ``<variant>-forwarded``, which bites only where passing ``None``
    on loses the config; None when that is nowhere (a sync tool keeps its context)."""
    if param.default is None or note or not only_forwarded(param.name.value, function.body):
        return variant
    return f"{variant}-forwarded" if can_lose else None


def _tool_problems(
    function: cst.FunctionDef,
    kind: TargetKind,
    scope: Scope,
    module: ModuleFacts,
    schema: Optional[bool],
    can_lose: bool,
) -> Iterator[DeclarationProblem]:
    note = _schema_note(function, kind, schema)
    for param in all_params(function.params):
        if param.star:
            continue
        annotation = param.annotation.annotation if param.annotation else None
        name = param.name.value
        if annotation is None or not types.is_runnable_config(annotation, scope):
            if name == "config" and types.is_untyped(param) and used_as_config(name, function.body):
                what = "has no annotation" if annotation is None else "is annotated as a dict"
                untyped = _variant("untyped", function, param, note, can_lose)
                if untyped is not None:
                    yield _problem(
                        rules.UNTYPED,
                        untyped,
                        {"what": what, "schema": note},
                        param,
                        _bare_config_fix(function, param, kind, scope, module, keep=None),
                    )
            continue
        if _only_type_checking(annotation, scope):
            yield DeclarationProblem(
                rules.TYPE_CHECKING_IMPORT,
                "config",
                {},
                param,
                ParameterFix(imports=(registry.RUNNABLE_CONFIG_IMPORT,)),
            )
        others = _type_checking_imports(function, scope)
        if others:
            names = ", ".join(f"`{name}`" for _, name in others)
            yield DeclarationProblem(
                rules.TYPE_CHECKING_IMPORT,
                "other",
                {"names": names},
                param,
                ParameterFix(imports=others, safe=all(_is_library(m) for m, _ in others)),
            )
        inner = types.unannotated(annotation, scope)
        if types.is_bare(inner, scope):
            if param.default is None:
                continue
            variant, keep = "default", annotation
        else:
            variant, keep = "optional", None
        spelled = types.code(annotation) + (
            f" = {types.code(param.default)}" if param.default is not None else ""
        )
        chosen = _variant(variant, function, param, note, can_lose)
        if chosen is None:
            continue
        yield _problem(
            rules.NOT_INJECTABLE,
            chosen,
            {"param": f"{name}: {spelled}", "schema": note},
            param,
            _bare_config_fix(function, param, kind, scope, module, keep=keep),
        )


def _problem(
    rule: Rule, variant: str, fields: Dict[str, str], param: cst.Param, fix: Optional[ParameterFix]
) -> DeclarationProblem:
    no_fix = None
    if fix is None:
        no_fix = "a name in the signature is imported only under `TYPE_CHECKING` and cannot be imported at run time"
    return DeclarationProblem(rule, variant, fields, param, fix, no_fix)


def _type_checking_imports(function: cst.FunctionDef, scope: Scope) -> Tuple[Tuple[str, str], ...]:
    """The ``from module import name`` imports that would make the signature resolvable."""
    imports = []
    for head in types.type_checking_only_names(function, scope):
        for binding in scope.lookup(head):
            module, _, name = binding.qualified_name.rpartition(".")
            if binding.qualified_name in registry.RUNNABLE_CONFIG or not module:
                continue
            imports.append((module, name))
    return tuple(dict.fromkeys(imports))


def _config_heads(function: cst.FunctionDef, scope: Scope) -> int:
    """How many TYPE_CHECKING-only signature names are RunnableConfig itself (TCF103's own)."""
    return sum(
        all(binding.qualified_name in registry.RUNNABLE_CONFIG for binding in scope.lookup(head))
        for head in types.type_checking_only_names(function, scope)
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
    function: cst.FunctionDef,
    param: cst.Param,
    kind: TargetKind,
    scope: Scope,
    module: ModuleFacts,
    keep: Optional[cst.BaseExpression],
) -> Optional[ParameterFix]:
    """Make the parameter a required, exactly-``RunnableConfig`` one. ``keep``: an
    annotation that is already right, of which only the default goes."""
    others = _type_checking_imports(function, scope)
    if len(others) < len(types.type_checking_only_names(function, scope)) - _config_heads(
        function, scope
    ):
        # A name we cannot import at run time keeps LangChain from resolving the signature:
        # it would inject nothing, and a required config would raise TypeError.
        return None
    # The TCF103 fix must come with this one; it is unsafe outside LangChain's own modules.
    imports_safe = all(_is_library(module_name) for module_name, _ in others)
    spelling = module.config_spelling or "RunnableConfig"
    annotation = None if keep is not None else _rewritten(param, scope, spelling)
    imports = (
        () if keep is not None or module.config_spelling else (registry.RUNNABLE_CONFIG_IMPORT,)
    )
    if param.default is None:
        return ParameterFix(annotation=annotation, imports=imports + others, safe=imports_safe)
    # A decorated tool's function is only ever called by LangChain, which always passes the
    # config once it is injected. Anything else may have direct callers that omit it.
    keyword_only = not _can_drop_default(function.params, param)
    return ParameterFix(
        annotation=annotation,
        drop_default=True,
        keyword_only=keyword_only,
        imports=imports + others,
        safe=kind is registry.TOOL and not keyword_only and imports_safe,
    )


def _rewritten(param: cst.Param, scope: Scope, spelling: str) -> str:
    """The annotation with the config's type made exactly ``RunnableConfig``; an
    ``Annotated[...]`` wrapper and its metadata are kept."""
    if param.annotation is None:
        return spelling
    annotation = param.annotation.annotation
    inner = types.unannotated(annotation, scope)
    if inner is annotation:
        return spelling
    return types.code(annotation.deep_replace(inner, cst.Name(spelling)))


def _can_drop_default(params: cst.Parameters, param: cst.Param) -> bool:
    """A positional parameter may lose its default only if none before it has one."""
    if any(param is kwonly for kwonly in params.kwonly_params):
        return True
    positional = [*params.posonly_params, *params.params]
    before = positional[: next(i for i, p in enumerate(positional) if p is param)]
    return all(p.default is None for p in before)


def _only_type_checking(annotation: cst.BaseExpression, scope: Scope) -> bool:
    """Is every import of the RunnableConfig this annotation names under TYPE_CHECKING?"""
    heads = set()
    for node in types.parts(annotation):
        if isinstance(node, cst.SimpleString):
            heads.add("RunnableConfig")
        else:
            dotted = types.dotted_name(node)
            if dotted is not None and dotted.rsplit(".", 1)[-1] == "RunnableConfig":
                heads.add(dotted.split(".")[0])
    bindings = [binding for head in heads for binding in scope.lookup(head)]
    return bool(bindings) and not any(binding.runtime for binding in bindings)


# -- RunnableLambda, @chain, LangGraph: injected by the name `config` --------------------------


def _name_problems(
    function: cst.FunctionDef,
    scope: Scope,
    module: ModuleFacts,
    taken: FrozenSet[str],
    is_node: bool,
    optional: spellings.Spelled,
) -> Iterator[DeclarationProblem]:
    """``optional``: how the file spells an optional config that LangGraph injects."""
    params = [param for param in all_params(function.params) if not param.star]
    config = next((param for param in params if param.name.value == "config"), None)
    if config is None:
        misnamed = [
            param
            for param in params
            if param.annotation is not None
            and types.is_runnable_config(param.annotation.annotation, scope)
        ]
        for param in misnamed:
            annotation = param.annotation.annotation  # type: ignore[union-attr]
            # Renamed, the parameter must also carry an annotation LangGraph accepts.
            rewrite = is_node and not types.langgraph_accepts(
                annotation, scope, module.future_annotations
            )
            fix = None
            no_fix = None
            if "config" in taken:
                no_fix = f"`config` is already a name in `{function.name.value}`"
            elif len(misnamed) > 1:
                no_fix = (
                    f"{len(misnamed)} parameters of `{function.name.value}` are annotated "
                    "`RunnableConfig`"
                )
            else:
                fix = ParameterFix(
                    rename="config",
                    annotation="RunnableConfig" if rewrite else None,
                    imports=_config_import(rewrite and not _runtime_bound(module)),
                )
            yield DeclarationProblem(
                rules.MISNAMED, "misnamed", {"name": param.name.value}, param, fix, no_fix
            )
        return
    if is_node and config.annotation is not None:
        annotation = config.annotation.annotation
        if not types.langgraph_accepts(annotation, scope, module.future_annotations):
            union = module.future_annotations and types.optional_of(annotation, scope) is not None
            defaulted = config.default is not None
            wanted = optional.annotation if defaulted else "RunnableConfig"
            imports: List[Tuple[str, str]] = list(_config_import(not _runtime_bound(module)))
            if defaulted:
                imports.extend((item.module, item.name) for item in optional.imports)
            yield DeclarationProblem(
                rules.NODE_ANNOTATION,
                "future-union" if union else "always",
                {
                    "annotation": types.code(annotation),
                    "future": " under `from __future__ import annotations`"
                    if module.future_annotations
                    else "",
                },
                config,
                ParameterFix(
                    annotation=wanted,
                    imports=tuple(imports),
                    comment=optional.comment if defaulted else None,
                ),
            )


def _config_import(needed: bool) -> Tuple[Tuple[str, str], ...]:
    return (registry.RUNNABLE_CONFIG_IMPORT,) if needed else ()


def _runtime_bound(module: ModuleFacts) -> bool:
    """Is the name ``RunnableConfig`` imported at run time at module level?"""
    return any(binding.runtime for binding in module.module_scope.lookup("RunnableConfig"))
