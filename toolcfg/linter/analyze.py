"""One pass over a module: config-receiving functions × the calls that drop their config.

``analyze`` is a pure function from source to findings. It parses once, gathers the facts
it needs in a single visit without scope metadata, decides, and resolves positions only
when there is something to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import (
    Callable,
    Dict,
    FrozenSet,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
)

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from toolcfg.linter import calls, declarations, rules, targets
from toolcfg.linter.findings import (
    AddConfigParameter,
    AddImport,
    ChangeParameter,
    Edit,
    Finding,
    Fix,
    ForwardConfig,
    Position,
)
from toolcfg.linter.imports import LOCAL, Binding, Scope, import_bindings
from toolcfg.linter.suppression import UNUSED_NOQA, apply_noqa
from toolcfg.linter.targets import TargetKind
from toolcfg.textedits import split_lines

Positions = Mapping[cst.CSTNode, CodeRange]
Selection = Callable[[str], bool]


def analyze(source: Union[str, bytes], selected: Selection = rules.is_default) -> List[Finding]:
    """Findings for one module. Raises ``SyntaxError`` or LibCST's ``ParserSyntaxError``."""
    return analyze_module(cst.parse_module(source), selected=selected)


def analyze_module(
    module: cst.Module,
    positions: Optional[Positions] = None,
    selected: Selection = rules.is_default,
) -> List[Finding]:
    """The selected findings for a parsed module that no ``noqa`` comment silences.

    ``positions`` lets a codemod share the position metadata it already has; otherwise it
    is computed here, and only if something is found.
    """
    facts = _collect(module)
    problems = [problem for problem in _problems(facts) if selected(problem.code)]
    if not problems and not selected(UNUSED_NOQA):
        return []
    if problems and positions is None:
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    findings = [problem.finding(positions) for problem in problems]  # type: ignore[arg-type]
    kept = apply_noqa(findings, split_lines(module.code), selected)
    return sorted(kept, key=lambda finding: (finding.start, finding.code))


# -- facts ---------------------------------------------------------------------------------


@dataclass(eq=False)
class _Function:
    node: cst.FunctionDef
    #: The scope the decorators and defaults are evaluated in.
    outer: Scope
    body: Scope
    parent: Optional[_Function]
    #: The class whose body defines this function, for ``BaseTool._arun``.
    owner: Optional[cst.ClassDef] = None
    children: List[_Function] = field(default_factory=list)
    calls: List[cst.Call] = field(default_factory=list)
    assignments: List[Tuple[Sequence[str], cst.CSTNode]] = field(default_factory=list)
    names: Set[str] = field(default_factory=set)
    #: Names declared ``global``: there, they are the module's.
    global_names: Set[str] = field(default_factory=set)
    #: For calls inside lambdas and comprehensions: the names those bind, and where.
    inner_bindings: Dict[cst.Call, Tuple[Tuple[str, FrozenSet[str]], ...]] = field(
        default_factory=dict
    )


@dataclass
class _Facts:
    module_scope: Scope
    scopes: List[Scope]
    functions: List[_Function]
    by_node: Dict[cst.FunctionDef, _Function]
    #: Every class, with the scope its bases are evaluated in.
    classes: Dict[cst.ClassDef, Scope]
    #: Every call, with its scope, for registrations such as ``add_node("x", fn)``.
    calls: List[Tuple[cst.Call, Scope]]
    future_annotations: bool


def _collect(module: cst.Module) -> _Facts:
    collector = _Collector()
    module.visit(collector)
    return _Facts(
        module_scope=collector.module_scope,
        scopes=collector.scopes,
        functions=collector.functions,
        by_node=collector.by_node,
        classes=collector.classes,
        calls=collector.calls,
        future_annotations=collector.future_annotations,
    )


class _Collector(cst.CSTVisitor):
    """Imports and bindings per scope, and per function body its calls and names."""

    def __init__(self) -> None:
        self.module_scope = Scope()
        self.scope = self.module_scope
        self.scopes = [self.module_scope]
        self.functions: List[_Function] = []
        self.by_node: Dict[cst.FunctionDef, _Function] = {}
        self.classes: Dict[cst.ClassDef, Scope] = {}
        self.calls: List[Tuple[cst.Call, Scope]] = []
        self.current: Optional[_Function] = None
        self._containers: List[Union[cst.ClassDef, cst.FunctionDef]] = []
        self._type_checking_blocks: Set[cst.CSTNode] = set()
        self._type_checking = 0
        self._not_a_read = 0
        self._inner_scopes: List[Tuple[str, FrozenSet[str]]] = []
        self.future_annotations = False

    # LibCST looks up ``visit_<Node>`` and ``visit_<Node>_<field>`` methods by name for every
    # node and field, which costs more than the rest of the visit. Dispatch by type instead.

    def on_visit(self, node: cst.CSTNode) -> bool:
        method = _VISIT.get(type(node))
        return True if method is None else method(self, node) is not False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        method = _LEAVE.get(type(original_node))
        if method is not None:
            method(self, original_node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        kind = type(node)
        if attribute == "body" and kind is cst.FunctionDef:
            self._enter_function_body(node)  # type: ignore[arg-type]
        elif attribute == "body" and kind is cst.ClassDef:
            self._enter_class_body(node)  # type: ignore[arg-type]
        elif (attribute == "attr" and kind is cst.Attribute) or (
            attribute == "keyword" and kind is cst.Arg
        ):
            self._not_a_read += 1

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        kind = type(original_node)
        if attribute == "body" and kind is cst.FunctionDef:
            self._leave_function_body(original_node)  # type: ignore[arg-type]
        elif attribute == "body" and kind is cst.ClassDef:
            self._leave_class_body(original_node)  # type: ignore[arg-type]
        elif (attribute == "attr" and kind is cst.Attribute) or (
            attribute == "keyword" and kind is cst.Arg
        ):
            self._not_a_read -= 1

    # scopes

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scope.bind(node.name.value, Binding(LOCAL, definition=node))
        body = Scope(parent=self.scope)
        self.scopes.append(body)
        for param in targets.all_params(node.params):
            body.bind(param.name.value, Binding(LOCAL))
        container = self._containers[-1] if self._containers else None
        function = _Function(
            node,
            outer=self.scope,
            body=body,
            parent=self.current,
            owner=container if isinstance(container, cst.ClassDef) else None,
        )
        if self.current is not None:
            self.current.children.append(function)
        self.functions.append(function)
        self.by_node[node] = function

    def _enter_function_body(self, node: cst.FunctionDef) -> None:
        self.current = self.by_node[node]
        self.scope = self.current.body
        self._containers.append(node)

    def _leave_function_body(self, node: cst.FunctionDef) -> None:
        function = self.by_node[node]
        self.scope = function.outer
        self.current = function.parent
        self._containers.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scope.bind(node.name.value, Binding(LOCAL, definition=node))
        self.classes[node] = self.scope

    def _enter_class_body(self, node: cst.ClassDef) -> None:
        self._containers.append(node)

    def _leave_class_body(self, node: cst.ClassDef) -> None:
        self._containers.pop()

    # bindings

    def visit_If(self, node: cst.If) -> None:
        name = node.test.attr if isinstance(node.test, cst.Attribute) else node.test
        if isinstance(name, cst.Name) and name.value == "TYPE_CHECKING":
            self._type_checking_blocks.add(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if node in self._type_checking_blocks:
            self._type_checking += 1

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if node in self._type_checking_blocks:
            self._type_checking -= 1

    def visit_Import(self, node: cst.Import) -> None:
        self._bind_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._bind_import(node)

    def _bind_import(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        if (
            isinstance(node, cst.ImportFrom)
            and isinstance(node.module, cst.Name)
            and node.module.value == "__future__"
            and not isinstance(node.names, cst.ImportStar)
            and any(alias.name.value == "annotations" for alias in node.names)
        ):
            self.future_annotations = True
        runtime = self._type_checking == 0
        for local, qualified in import_bindings(node):
            if local == "*":
                self.scope.star_modules.append(qualified)
            else:
                self.scope.bind(local, Binding(qualified, runtime))
                if self.current is not None:
                    self.current.names.add(local)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assign(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._assign(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._assign(node.target, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._assign(node.target, node.value)

    def _assign(self, target: cst.BaseExpression, value: Optional[cst.BaseExpression]) -> None:
        names = list(_target_names(target))
        for name in names:
            self.scope.bind(name, Binding(LOCAL))
        if self.current is not None and value is not None:
            self.current.assignments.append((names, value))

    # reads and calls

    def visit_Global(self, node: cst.Global) -> None:
        if self.current is not None:
            self.current.global_names.update(item.name.value for item in node.names)

    # lambdas and comprehensions bind names of their own, without a scope of ours

    def visit_Lambda(self, node: cst.Lambda) -> None:
        params = frozenset(param.name.value for param in targets.all_params(node.params))
        self._inner_scopes.append(("a lambda", params))

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self._inner_scopes.pop()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comprehension(node.for_in)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comprehension(node.for_in)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comprehension(node.for_in)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comprehension(node.for_in)

    def _enter_comprehension(self, clause: Optional[cst.CompFor]) -> None:
        names: Set[str] = set()
        while clause is not None:
            names.update(_target_names(clause.target))
            clause = clause.inner_for_in
        self._inner_scopes.append(("a comprehension", frozenset(names)))

    def leave_ListComp(self, node: cst.ListComp) -> None:
        self._inner_scopes.pop()

    leave_SetComp = leave_DictComp = leave_GeneratorExp = leave_ListComp  # type: ignore[assignment]

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self.scope))
        if self.current is not None:
            self.current.calls.append(node)
            if self._inner_scopes:
                self.current.inner_bindings[node] = tuple(self._inner_scopes)

    def visit_Name(self, node: cst.Name) -> None:
        if self.current is not None and not self._not_a_read:
            self.current.names.add(node.value)


def _dispatch(prefix: str) -> Dict[type, Callable[..., Optional[bool]]]:
    return {
        getattr(cst, name[len(prefix) :]): method
        for name, method in vars(_Collector).items()
        if name.startswith(prefix) and hasattr(cst, name[len(prefix) :])
    }


_VISIT = _dispatch("visit_")
_LEAVE = _dispatch("leave_")


def _target_names(target: cst.BaseExpression) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


# -- decisions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    code: str
    message: str
    anchor: cst.CSTNode
    span: cst.CSTNode
    edits: Optional[Callable[[Positions], Tuple[Edit, ...]]] = None
    safe: bool = True

    def finding(self, positions: Positions) -> Finding:
        start = positions[self.anchor].start
        end = positions[self.span].end
        fix = Fix(self.edits(positions), self.safe) if self.edits is not None else None
        return Finding(
            code=self.code,
            message=self.message,
            start=Position(start.line, start.column + 1),
            end=Position(end.line, end.column + 1),
            fix=fix,
        )


def _problems(facts: _Facts) -> Iterator[_Problem]:
    kinds = _target_kinds(facts)
    module = declarations.ModuleFacts(
        module_scope=facts.module_scope,
        future_annotations=facts.future_annotations,
        config_spelling=targets.runnable_config_spelling(facts.module_scope),
    )
    for function, kind in kinds.items():
        declared = list(_declaration_problems(function, kind, module))
        if function.node.asynchronous is not None or not kind.async_only:
            rename = next(
                (p for p in declared if p.code == declarations.MISNAMED_CONFIG and p.edits), None
            )
            yield from _forwarding_problems(function, kind, kinds, module, rename)
        yield from declared


def _target_kinds(facts: _Facts) -> Dict[_Function, TargetKind]:
    """Every config-receiving function of the module, with its kind.

    A function is a target through its decorator, a ``BaseTool`` subclass it is the
    ``_run`` or ``_arun`` of, or a call that registers it. The first of these wins. Sync tools are
    targets too: they keep their config, but they can still declare it wrongly.
    """
    kinds: Dict[_Function, TargetKind] = {}
    for function in facts.functions:
        kind = targets.decorator_kind(function.node, function.outer)
        owner = function.owner
        if (
            kind is None
            and owner is not None
            and function.node.name.value in ("_arun", "_run")
            and targets.is_base_tool(owner, facts.classes[owner])
        ):
            kind = targets.BASE_TOOL
        if kind is not None:
            kinds[function] = kind
    langgraph = targets.uses_langgraph(facts.module_scope, facts.scopes)
    for call, scope in facts.calls:
        for expr, kind in targets.registrations(call, scope, langgraph):
            for node in targets.referenced_functions(expr, scope):
                kinds.setdefault(facts.by_node[node], kind)
    return kinds


def _forwarding_problems(
    function: _Function,
    kind: TargetKind,
    kinds: Mapping[_Function, TargetKind],
    module: declarations.ModuleFacts,
    rename: Optional[_Problem] = None,
) -> Iterator[_Problem]:
    own = list(_own_functions(function, kinds))
    runnable_calls = [call for f in own for call in f.calls if calls.runnable_method(call)]
    if not runnable_calls:
        return
    source = targets.config_source(function.node, kind, function.outer)
    roots = targets.other_config_roots(function.node, kind)
    if source is not None:
        roots = (source.root, *roots)
    assignments = [assignment for f in own for assignment in f.assignments]
    received = calls.received_names(roots, assignments)
    verdicts = [(call, calls.classify(call, received)) for call in runnable_calls]
    dropping = [call for call, verdict in verdicts if verdict is calls.Verdict.DROPS]
    subject = _subject(function, kind)

    if source is None and dropping:
        yield _missing_parameter(function, kind, dropping, module)
    elif source is not None:
        # TCF104's fix renames this parameter to `config`: forward that name, and carry the
        # rename, so that the two fixes' edits agree applied together or alone.
        renaming = (
            rename
            if rename is not None and getattr(rename.anchor, "value", None) == source.root
            else None
        )
        forwarded = "config" if renaming is not None and renaming.edits is not None else source.root
        for call in dropping:
            edits, safe = _forward_edits([call], source.expression), True
            if renaming is not None and renaming.edits is not None:
                edits, safe = (
                    _joined(renaming.edits, _forward_edits([call], "config")),
                    renaming.safe,
                )
            message = f"`{_describe(call)}` does not forward `{source.expression}` in {subject}"
            rebinding = _rebinding_function(function, own, call, forwarded)
            if rebinding is not None:  # there, the name is not the config
                message += f" (no fix: `{forwarded}` is a different name in {rebinding})"
                edits = None
            yield _Problem(
                code=kind.dropped_code,
                message=message,
                anchor=_method_name(call),
                span=call,
                edits=edits,
                safe=safe,
            )
    origin = f"`{source.expression}`" if source is not None else "the received config"
    for call, verdict in verdicts:
        if verdict is calls.Verdict.FOREIGN:
            yield _Problem(
                code=kind.dropped_code,
                message=f"`{_describe(call)}` passes a config that is not built from {origin} in {subject}",
                anchor=_method_name(call),
                span=call,
            )


def _declaration_problems(
    function: _Function, kind: TargetKind, module: declarations.ModuleFacts
) -> Iterator[_Problem]:
    node = function.node
    found = declarations.declaration_problems(
        node, kind, function.outer, module, frozenset(_taken_names(function))
    )
    for problem in found:
        fix = problem.fix

        def edits(
            positions: Positions,
            fix: declarations.ParameterFix = fix,
            param: cst.Param = problem.param,
        ) -> Tuple[Edit, ...]:
            change = ChangeParameter(
                function=_position(positions, node.name),
                name=param.name.value,
                annotation=fix.annotation,
                drop_default=fix.drop_default,
                keyword_only=fix.keyword_only,
                rename=fix.rename,
            )
            changes = (change,) if change != ChangeParameter(change.function, change.name) else ()
            imports = tuple(AddImport(module, name) for module, name in fix.imports)
            return (*changes, *imports)

        yield _Problem(
            code=problem.code,
            message=problem.message,
            anchor=problem.param.name,
            span=problem.param,
            edits=edits if fix is not None else None,
            safe=fix is None or fix.safe,
        )


def _subject(function: _Function, kind: TargetKind) -> str:
    name = function.node.name.value
    if function.owner is not None:
        name = f"{function.owner.name.value}.{name}"
    return f"{kind.label} `{name}`"


def _missing_parameter(
    function: _Function,
    kind: TargetKind,
    dropping: List[cst.Call],
    module: declarations.ModuleFacts,
) -> _Problem:
    node = function.node
    count = len(dropping)
    calls_dropping = (
        f"{count} runnable call drops" if count == 1 else f"{count} runnable calls drop"
    )
    wanted = (
        "`RunnableConfig` parameter" if kind.injection == "annotation" else "`config` parameter"
    )
    subject = _subject(function, kind)
    message = f"{subject[0].upper()}{subject[1:]} takes no {wanted}, so {calls_dropping} the caller's config"

    taken = _taken_names(function)
    if kind.injection == "name" and "config" in taken:
        # LangChain and LangGraph look the parameter up by this exact name.
        return _Problem(
            code=kind.missing_code,
            message=f"{message} (no fix: `config` is already a name in `{node.name.value}`)",
            anchor=node.name,
            span=node.name,
        )
    unresolvable = (
        targets.type_checking_only_names(node, function.outer) if kind is targets.BASE_TOOL else []
    )
    if unresolvable:
        return _Problem(
            code=kind.missing_code,
            message=f"{message} (no fix: LangChain injects nothing while `{unresolvable[0]}` "
            "is imported only under TYPE_CHECKING)",
            anchor=node.name,
            span=node.name,
        )

    param_name = "config" if kind.injection == "name" else _free_name(taken)
    spelling = module.config_spelling
    if kind.injection == "name" and spelling != "RunnableConfig":
        spelling = None  # LangGraph matches the annotation text under future annotations
    params = node.params
    keyword_only = params.star_arg is not cst.MaybeSentinel.DEFAULT or any(
        param.default is not None for param in (*params.posonly_params, *params.params)
    )

    def edits(positions: Positions) -> Tuple[Edit, ...]:
        add = AddConfigParameter(
            function=_position(positions, node.name),
            name=param_name,
            annotation=spelling or targets.RUNNABLE_CONFIG_IMPORT[1],
            keyword_only=keyword_only,
        )
        imports = () if spelling else (AddImport(*targets.RUNNABLE_CONFIG_IMPORT),)
        return (add, *_forward_edits(dropping, param_name)(positions), *imports)

    return _Problem(
        code=kind.missing_code,
        message=message,
        anchor=node.name,
        span=node.name,
        edits=edits,
    )


def _forward_edits(
    dropping: Sequence[cst.Call], expression: str
) -> Callable[[Positions], Tuple[Edit, ...]]:
    def edits(positions: Positions) -> Tuple[Edit, ...]:
        return tuple(
            ForwardConfig(call=_position(positions, _method_name(call)), value=expression)
            for call in dropping
        )

    return edits


def _joined(
    *parts: Callable[[Positions], Tuple[Edit, ...]],
) -> Callable[[Positions], Tuple[Edit, ...]]:
    def edits(positions: Positions) -> Tuple[Edit, ...]:
        return tuple(edit for part in parts for edit in part(positions))

    return edits


def _own_functions(
    function: _Function, kinds: Mapping[_Function, TargetKind]
) -> Iterator[_Function]:
    """The function and its nested functions, except nested targets, which report their own."""
    yield function
    for child in function.children:
        if child not in kinds:
            yield from _own_functions(child, kinds)


def _rebinding_function(
    target: _Function, own: Sequence[_Function], call: cst.Call, name: str
) -> Optional[str]:
    """What, between ``target`` and ``call``, gives ``name`` another meaning: a nested
    function that binds it or declares it ``global``, a lambda or a comprehension."""
    inner = next((f for f in own if any(c is call for c in f.calls)), None)
    if inner is not None:
        for where, names in reversed(inner.inner_bindings.get(call, ())):
            if name in names:
                return where
    while inner is not None and inner is not target:
        if name in inner.body.bindings or name in inner.global_names:
            return f"`{inner.node.name.value}`"
        inner = inner.parent
    return None


def _taken_names(function: _Function) -> Set[str]:
    """Every name the function or its nested functions use, so a new one shadows nothing."""
    taken = set().union(*(f.names for f in _all_functions(function)))
    taken.update(p.name.value for p in targets.all_params(function.node.params))
    return taken


def _all_functions(function: _Function) -> Iterator[_Function]:
    yield function
    for child in function.children:
        yield from _all_functions(child)


def _free_name(taken: Set[str]) -> str:
    for candidate in ("config", "run_config", "runnable_config"):
        if candidate not in taken:
            return candidate
    index = 2
    while f"run_config_{index}" in taken:
        index += 1
    return f"run_config_{index}"


def _method_name(call: cst.Call) -> cst.Name:
    assert isinstance(call.func, cst.Attribute)
    return call.func.attr


def _position(positions: Positions, node: cst.CSTNode) -> Position:
    start = positions[node].start
    return Position(start.line, start.column + 1)


def _describe(call: cst.Call) -> str:
    """``llm.bind_tools(...).ainvoke()``: the call as the user would name it."""
    assert isinstance(call.func, cst.Attribute)
    return f"{_spelled(call.func.value)}.{call.func.attr.value}()"


def _spelled(expression: cst.BaseExpression) -> str:
    if isinstance(expression, cst.Name):
        return expression.value
    if isinstance(expression, cst.Attribute):
        return f"{_spelled(expression.value)}.{expression.attr.value}"
    if isinstance(expression, cst.Call):
        return f"{_spelled(expression.func)}({'...' if expression.args else ''})"
    return "(...)"


def _quote(text: str) -> str:
    return text if text.startswith("the ") else f"`{text}`"
