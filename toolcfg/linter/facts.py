"""The facts the decisions need from inside functions, gathered in one LibCST visit.

Per function: its calls, what its assignments bind, the names it uses, and which names
lambdas and comprehensions around a call bind again. Functions get the keys the index
gives them (``toolcfg.index.summary.key_for``), so the two tiers name a function alike.
Imports are not bound here: what a name means is the index's to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from toolcfg.index.summary import key_for


@dataclass(eq=False)
class Function:
    key: str
    node: cst.FunctionDef
    parent: Optional[Function]
    #: The class whose body defines this function.
    owner: Optional[cst.ClassDef] = None
    children: List[Function] = field(default_factory=list)
    calls: List[cst.Call] = field(default_factory=list)
    assignments: List[Tuple[Sequence[str], cst.BaseExpression]] = field(default_factory=list)
    #: Every name the body reads or binds.
    names: Set[str] = field(default_factory=set)
    #: Names the body binds: parameters, assignments, imports, nested defs and classes.
    bound: Set[str] = field(default_factory=set)
    #: Names declared ``global`` or ``nonlocal``: there, they are not the body's own.
    declared: Set[str] = field(default_factory=set)
    #: For calls inside lambdas and comprehensions: the names those bind, and where.
    inner_bindings: Dict[cst.Call, Tuple[Tuple[str, FrozenSet[str]], ...]] = field(
        default_factory=dict
    )

    @property
    def name(self) -> str:
        return self.node.name.value


def collect(module: cst.Module, root_key: Optional[str] = None) -> Dict[str, Function]:
    """Every function of ``module`` by key. ``root_key`` names the one function of a
    segment (a function parsed on its own), whose nested functions are keyed under it."""
    collector = _Collector(root_key)
    module.visit(collector)
    return collector.functions


def all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if isinstance(params.star_kwarg, cst.Param):
        yield params.star_kwarg


def is_async_generator(function: cst.FunctionDef) -> bool:
    """``async def`` with a ``yield`` in its own body (not in a nested function, class or
    lambda): LangGraph runs such a node as a ``RunnableLambda``."""
    if function.asynchronous is None:
        return False
    finder = _YieldFinder()
    function.body.visit(finder)
    return finder.found


class _YieldFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> bool:
        self.found = True
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not self.found and super().on_visit(node)


def target_names(target: cst.BaseExpression) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from target_names(target.value)


class _Collector(cst.CSTVisitor):
    def __init__(self, root_key: Optional[str]) -> None:
        self.root_key = root_key
        self.functions: Dict[str, Function] = {}
        self.current: Optional[Function] = None
        self._paths: List[Tuple[str, Dict[str, int]]] = [("", {})]
        self._containers: List[Union[cst.ClassDef, cst.FunctionDef]] = []
        self._not_a_read = 0
        self._inner_scopes: List[Tuple[str, FrozenSet[str]]] = []

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
        if attribute == "body" and kind in (cst.FunctionDef, cst.ClassDef):
            self._enter_body(node)  # type: ignore[arg-type]
        elif (attribute == "attr" and kind is cst.Attribute) or (
            attribute == "keyword" and kind is cst.Arg
        ):
            self._not_a_read += 1

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        kind = type(original_node)
        if attribute == "body" and kind in (cst.FunctionDef, cst.ClassDef):
            self._leave_body(original_node)  # type: ignore[arg-type]
        elif (attribute == "attr" and kind is cst.Attribute) or (
            attribute == "keyword" and kind is cst.Arg
        ):
            self._not_a_read -= 1

    # scopes

    def _key(self, name: str) -> str:
        path, seen = self._paths[-1]
        if self.root_key is not None and not self._containers and not self.functions:
            return self.root_key
        return key_for(path, name, seen)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value)
        container = self._containers[-1] if self._containers else None
        function = Function(
            self._key(node.name.value),
            node,
            parent=self.current,
            owner=container if isinstance(container, cst.ClassDef) else None,
        )
        function.bound.update(param.name.value for param in all_params(node.params))
        # A default is a value the parameter starts from: ``def ask(q, cfg=config)`` makes
        # ``cfg`` the config inside ``ask``.
        function.assignments.extend(
            ([param.name.value], param.default)
            for param in all_params(node.params)
            if param.default is not None
        )
        if self.current is not None:
            self.current.children.append(function)
        self.functions[function.key] = function
        self._pending = function

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value)
        self._pending_class_key = self._key(node.name.value)

    def _enter_body(self, node: Union[cst.FunctionDef, cst.ClassDef]) -> None:
        if isinstance(node, cst.FunctionDef):
            function = self._pending
            self.current = function
            self._paths.append((function.key, {}))
        else:
            self._paths.append((self._pending_class_key, {}))
        self._containers.append(node)

    def _leave_body(self, node: Union[cst.FunctionDef, cst.ClassDef]) -> None:
        self._containers.pop()
        self._paths.pop()
        if isinstance(node, cst.FunctionDef) and self.current is not None:
            self.current = self.current.parent

    def _bind(self, name: str) -> None:
        if self.current is not None:
            self.current.bound.add(name)
            self.current.names.add(name)

    # bindings

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._bind_alias(alias)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self._bind_alias(alias)

    def _bind_alias(self, alias: cst.ImportAlias) -> None:
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            self._bind(alias.asname.name.value)
        elif isinstance(alias.name, cst.Name):
            self._bind(alias.name.value)
        elif isinstance(alias.name, cst.Attribute):
            head: cst.BaseExpression = alias.name
            while isinstance(head, cst.Attribute):
                head = head.value
            if isinstance(head, cst.Name):
                self._bind(head.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assign(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._assign(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._assign(node.target, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._assign(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        self._assign(node.target, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._assign(node.asname.name, None)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name.value)

    def _assign(self, target: cst.BaseExpression, value: Optional[cst.BaseExpression]) -> None:
        names = list(target_names(target))
        for name in names:
            self._bind(name)
        if self.current is not None and value is not None:
            self.current.assignments.append((names, value))

    def visit_Global(self, node: cst.Global) -> None:
        if self.current is not None:
            self.current.declared.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        if self.current is not None:
            self.current.declared.update(item.name.value for item in node.names)

    # lambdas and comprehensions bind names of their own, without a scope of ours

    def visit_Lambda(self, node: cst.Lambda) -> None:
        params = frozenset(param.name.value for param in all_params(node.params))
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
            names.update(target_names(clause.target))
            clause = clause.inner_for_in
        self._inner_scopes.append(("a comprehension", frozenset(names)))

    def leave_ListComp(self, node: cst.ListComp) -> None:
        self._inner_scopes.pop()

    leave_SetComp = leave_DictComp = leave_GeneratorExp = leave_ListComp  # type: ignore[assignment]

    def visit_Call(self, node: cst.Call) -> None:
        if self.current is not None:
            self.current.calls.append(node)
            if self._inner_scopes:
                self.current.inner_bindings[node] = tuple(self._inner_scopes)

    def visit_Name(self, node: cst.Name) -> None:
        if self.current is not None and not self._not_a_read:
            self.current.names.add(node.value)


def _dispatch(prefix: str) -> Dict[type, Callable[[_Collector, cst.CSTNode], Optional[bool]]]:
    return {
        getattr(cst, name[len(prefix) :]): method
        for name, method in vars(_Collector).items()
        if name.startswith(prefix) and hasattr(cst, name[len(prefix) :])
    }


_VISIT = _dispatch("visit_")
_LEAVE = _dispatch("leave_")
