"""One pass over a module: config-receiving functions × the calls that drop their config.

``analyze`` is a pure function from source to findings. It parses once, gathers the facts
it needs in a single visit without scope metadata, decides, and resolves positions only
when there is something to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple, Union

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from toolcfg.linter import calls, targets
from toolcfg.linter.findings import (
    AddConfigParameter,
    AddImport,
    Edit,
    Finding,
    Fix,
    ForwardConfig,
    Position,
)
from toolcfg.linter.imports import LOCAL, Binding, Scope, import_bindings
from toolcfg.linter.suppression import unsuppressed
from toolcfg.linter.targets import ConfigSource, TargetKind

Positions = Mapping[cst.CSTNode, CodeRange]


def analyze(source: Union[str, bytes]) -> List[Finding]:
    """Findings for one module. Raises ``SyntaxError`` or LibCST's ``ParserSyntaxError``."""
    return analyze_module(cst.parse_module(source))


def analyze_module(module: cst.Module, positions: Optional[Positions] = None) -> List[Finding]:
    """Findings for a parsed module.

    ``positions`` lets a codemod share the position metadata it already has; otherwise it
    is computed here, and only if something is found.
    """
    facts = _collect(module)
    problems = list(_problems(facts))
    if not problems:
        return []
    if positions is None:
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    findings = sorted(
        (problem.finding(positions) for problem in problems),
        key=lambda finding: (finding.start, finding.code),
    )
    return unsuppressed(findings, module.code.splitlines())


# -- facts ---------------------------------------------------------------------------------


@dataclass(eq=False)
class _Function:
    node: cst.FunctionDef
    #: The scope the decorators and defaults are evaluated in.
    outer: Scope
    body: Scope
    parent: Optional["_Function"]
    children: List["_Function"] = field(default_factory=list)
    calls: List[cst.Call] = field(default_factory=list)
    assignments: List[Tuple[Sequence[str], cst.CSTNode]] = field(default_factory=list)
    names: Set[str] = field(default_factory=set)


@dataclass
class _Facts:
    module_scope: Scope
    functions: List[_Function]


def _collect(module: cst.Module) -> _Facts:
    collector = _Collector()
    module.visit(collector)
    return _Facts(collector.module_scope, collector.functions)


class _Collector(cst.CSTVisitor):
    """Imports and bindings per scope, and per function body its calls and names."""

    def __init__(self) -> None:
        self.module_scope = Scope()
        self.scope = self.module_scope
        self.functions: List[_Function] = []
        self.current: Optional[_Function] = None
        self._by_node: Dict[cst.FunctionDef, _Function] = {}
        self._type_checking_blocks: Set[cst.CSTNode] = set()
        self._type_checking = 0
        self._not_a_read = 0

    # scopes

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scope.bind(node.name.value, Binding(LOCAL))
        body = Scope(parent=self.scope)
        for param in targets.all_params(node.params):
            body.bind(param.name.value, Binding(LOCAL))
        function = _Function(node, outer=self.scope, body=body, parent=self.current)
        if self.current is not None:
            self.current.children.append(function)
        self.functions.append(function)
        self._by_node[node] = function

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.current = self._by_node[node]
        self.scope = self.current.body

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        function = self._by_node[node]
        self.scope = function.outer
        self.current = function.parent

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scope.bind(node.name.value, Binding(LOCAL))

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

    def visit_Call(self, node: cst.Call) -> None:
        if self.current is not None:
            self.current.calls.append(node)

    def visit_Name(self, node: cst.Name) -> None:
        if self.current is not None and not self._not_a_read:
            self.current.names.add(node.value)

    def visit_Attribute_attr(self, node: cst.Attribute) -> None:
        self._not_a_read += 1

    def leave_Attribute_attr(self, node: cst.Attribute) -> None:
        self._not_a_read -= 1

    def visit_Arg_keyword(self, node: cst.Arg) -> None:
        self._not_a_read += 1

    def leave_Arg_keyword(self, node: cst.Arg) -> None:
        self._not_a_read -= 1


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

    def finding(self, positions: Positions) -> Finding:
        start = positions[self.anchor].start
        end = positions[self.span].end
        fix = Fix(self.edits(positions)) if self.edits is not None else None
        return Finding(
            code=self.code,
            message=self.message,
            start=Position(start.line, start.column + 1),
            end=Position(end.line, end.column + 1),
            fix=fix,
        )


def _problems(facts: _Facts) -> Iterator[_Problem]:
    kinds = {
        function: kind
        for function in facts.functions
        for kind in [targets.target_kind(function.node, function.outer)]
        if kind is not None
    }
    for function, kind in kinds.items():
        yield from _target_problems(function, kind, kinds, facts.module_scope)


def _target_problems(
    function: _Function,
    kind: TargetKind,
    kinds: Mapping[_Function, TargetKind],
    module_scope: Scope,
) -> Iterator[_Problem]:
    own = list(_own_functions(function, kinds))
    runnable_calls = [call for f in own for call in f.calls if calls.runnable_method(call)]
    if not runnable_calls:
        return
    source = targets.config_source(function.node, function.outer)
    assignments = [assignment for f in own for assignment in f.assignments]
    roots = [source.root] if source is not None else []
    received = calls.received_names(roots, assignments)
    verdicts = [(call, calls.classify(call, received)) for call in runnable_calls]
    dropping = [call for call, verdict in verdicts if verdict is calls.Verdict.DROPS]
    name = function.node.name.value

    if source is None and dropping:
        yield _missing_parameter(function, kind, dropping, module_scope)
    elif source is not None:
        for call in dropping:
            yield _Problem(
                code=kind.dropped_code,
                message=f"`{_describe(call)}` does not forward `{source.expression}` "
                f"in {kind.label} `{name}`",
                anchor=_method_name(call),
                span=call,
                edits=_forward_edits([call], source.expression),
            )
    for call, verdict in verdicts:
        if verdict is calls.Verdict.FOREIGN:
            received = source.expression if source is not None else "the received config"
            yield _Problem(
                code=kind.dropped_code,
                message=f"`{_describe(call)}` passes a config that is not built from "
                f"{_quote(received)} in {kind.label} `{name}`",
                anchor=_method_name(call),
                span=call,
            )


def _missing_parameter(
    function: _Function, kind: TargetKind, dropping: List[cst.Call], module_scope: Scope
) -> _Problem:
    node = function.node
    taken = set().union(*(f.names for f in _all_functions(function)))
    taken.update(p.name.value for p in targets.all_params(node.params))
    param_name = _free_name(taken)
    spelling = targets.runnable_config_spelling(module_scope)
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

    count = len(dropping)
    calls_dropping = f"{count} runnable call drops" if count == 1 else f"{count} runnable calls drop"
    return _Problem(
        code=kind.missing_code,
        message=f"Async {kind.label} `{node.name.value}` takes no `RunnableConfig`, "
        f"so {calls_dropping} the caller's config",
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


def _own_functions(function: _Function, kinds: Mapping[_Function, TargetKind]) -> Iterator[_Function]:
    """The function and its nested functions, except nested targets, which report their own."""
    yield function
    for child in function.children:
        if child not in kinds:
            yield from _own_functions(child, kinds)


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
    assert isinstance(call.func, cst.Attribute)
    receiver = call.func.value
    method = call.func.attr.value
    if isinstance(receiver, cst.Name):
        return f"{receiver.value}.{method}()"
    if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name):
        return f"{receiver.value.value}.{receiver.attr.value}.{method}()"
    return f".{method}()"


def _quote(text: str) -> str:
    return text if text.startswith("the ") else f"`{text}`"
