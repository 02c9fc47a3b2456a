"""What the summary's walk keeps while it walks a module, and the calls in its expressions.

``summary.py`` walks statements in order; this is the state under that walk (the scopes
and their bindings, the records of functions and classes, the registration sites) and the
walk of expressions, lambdas and comprehensions that records calls: a registration site
for a registering name, a runnable call on a receiver, a call of a named function. Apart
from the statements so that each stays short enough to read whole.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple, Union

from toolcfg import registry
from toolcfg.index import runs
from toolcfg.index.expressions import expression, has_input, name_at, passed, site
from toolcfg.index.model import (
    ESCAPES,
    Assigned,
    Binding,
    Class,
    ClassIndex,
    Expr,
    Function,
    FunctionIndex,
    ListOf,
    NamedCall,
    Run,
    RunnableCall,
    Scope,
    ScopeIndex,
    ScopeKind,
    Site,
    StarImport,
    ValueBinding,
    dotted,
)

#: Calls of these are never a project's helpers (a module that redefines one is rare).
_BUILTINS = frozenset(dir(builtins))
#: Names whose use makes a function's names impossible to follow (``locals()``).
_DYNAMIC = frozenset({"locals", "eval", "exec", "vars"})
#: Nodes that cannot hold a call: not worth walking into.
_LEAVES = frozenset(
    {ast.Constant, ast.Load, ast.Store, ast.Del, type(None), str, int}
    | {
        cls
        for cls in vars(ast).values()
        if isinstance(cls, type)
        and issubclass(cls, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop))
    }
)
#: The names that register what LangChain or LangGraph runs: a call of one is a site.
WORDS = registry.words()


def _is_super_init(func: ast.expr) -> bool:
    """``super().__init__``."""
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


@dataclass
class Body:
    """What a function's record gathers while its body is walked."""

    calls: List[NamedCall] = field(default_factory=list)
    runnable: List[RunnableCall] = field(default_factory=list)
    returns: List[Expr] = field(default_factory=list)


class Collector:
    """The scopes, bindings and records a module's walk builds, and the calls of its expressions."""

    def __init__(self, tree: ast.Module) -> None:
        #: The module, then the functions and classes around the statement walked: where a
        #: registration's value is judged (``runs.py``).
        self.enclosing: List[ast.AST] = [tree]
        self._names: Optional[runs.Names] = None
        self.scopes: List[Scope] = []
        #: The scopes' bindings and star imports, as the walk adds to them.
        self.bindings: List[Dict[str, List[Binding]]] = []
        self.stars: List[List[StarImport]] = []
        self.functions: List[Function] = []
        self.bodies: List[Body] = []
        self.classes: List[Class] = []
        self.methods: List[Dict[str, FunctionIndex]] = []
        self.attributes: List[Dict[str, List[Assigned]]] = []
        self.sites: List[Site] = []
        self.module_calls: List[NamedCall] = []
        self.libraries: Set[str] = set()
        self.future_annotations = False
        self.scope = self.new_scope(None, ScopeKind.MODULE)
        #: The scope names are looked up from: a function body skips enclosing classes.
        self.lookup_scope = self.scope
        self.function: Optional[FunctionIndex] = None
        self.dynamic = False
        self.cls: Optional[ClassIndex] = None
        self.path = ""
        self.seen: Dict[str, int] = {}
        self.type_checking = 0
        self.globals: Set[str] = set()
        #: Local names of imported registering names (``tool as lc_tool``): their calls
        #: are registration sites too.
        self.aliases: Set[str] = set()
        #: Statements under an ``if`` or a ``try`` (a version check, an ImportError
        #: fallback), whose imports may not run.
        self.guarded = 0
        #: The newest Python a top-level import requires, and the import.
        self.needs: Optional[Tuple[Tuple[int, int], str]] = None

    @property
    def names(self) -> runs.Names:
        """Which names the module's functions bind and read, worked out as asked."""
        if self._names is None:
            self._names = runs.Names(self.enclosing[0])
        return self._names

    @property
    def parents(self) -> Dict[ast.AST, ast.AST]:
        """Each node's parent, worked out once, and only for a module that registers."""
        return self.names.parents

    def run_of(self, value: Union[ast.expr, str]) -> Run:
        """How ``value`` (a call's value, or a name's) is run, in the scope that holds it."""
        if isinstance(value, str):
            scope = runs.binding_scope(self.enclosing, value, self.names)
        else:
            scope = self.enclosing[-1]
        return runs.how_run(scope, value, self.names)  # type: ignore[arg-type]

    def site(self, node: ast.Call) -> Site:
        """A registration site, with how what it registers into is run."""
        func = node.func
        receiver = func.value if isinstance(func, ast.Attribute) else None
        return site(node, self.scope, self.function)._replace(
            receiver_run=self.run_of(receiver.id) if isinstance(receiver, ast.Name) else ESCAPES,
            value_run=self.run_of(node),
        )

    def new_scope(self, parent: Optional[ScopeIndex], kind: ScopeKind) -> ScopeIndex:
        bindings: Dict[str, List[Binding]] = {}
        stars: List[StarImport] = []
        self.scopes.append(Scope(parent, kind, bindings, stars))
        self.bindings.append(bindings)
        self.stars.append(stars)
        return ScopeIndex(len(self.scopes) - 1)

    def super_init(self, node: ast.Call) -> None:
        """``super().__init__(name=..., args_schema=...)`` in an ``__init__`` sets those
        fields of the instance, as a pydantic model's (every LangChain tool is one) are
        set: a wrapper tool's ``args_schema`` is given this way."""
        if self.function is None:
            return
        function = self.functions[self.function]
        if function.name != "__init__" or function.owner is None:
            return
        for keyword in node.keywords:
            if keyword.arg is not None:
                assigned = Assigned(expression(keyword.value), self.scope)
                self.attributes[function.owner].setdefault(keyword.arg, []).append(assigned)

    def extend_call(self, node: ast.expr) -> bool:
        """``tools.append(fn)``, ``tools.extend([...])``: more values for a list's name."""
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in ("append", "extend", "insert")
            and node.args
        ):
            return False
        value = expression(node.args[-1])
        self.extend(node.func.value.id, ListOf((value,)) if node.func.attr != "extend" else value)
        return True

    def extend(self, name: str, value: Expr) -> None:
        scope: Optional[ScopeIndex] = self.scope
        while scope is not None:
            if name in self.bindings[scope]:
                self.bindings[scope][name].append(ValueBinding(value))
                return
            scope = self.scopes[scope].parent

    def bind(self, name: str, binding: Binding) -> None:
        scope = ScopeIndex(0) if name in self.globals else self.scope
        self.bindings[scope].setdefault(name, []).append(binding)

    # -- expressions -------------------------------------------------------------------------

    def expressions(self, nodes: Iterable[Optional[ast.AST]]) -> None:
        """Record the calls and bindings inside expressions, lambdas and comprehensions.

        A walk of our own rather than ``ast.walk``: it skips the leaves that cannot hold a
        call (constants, contexts, operators), which is most of every tree."""
        stack = [node for node in nodes if node is not None]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Name:
                if node.id in _DYNAMIC:  # type: ignore[attr-defined]
                    self.dynamic = True
                continue
            if kind is ast.Call:
                self.call(node)  # type: ignore[arg-type]
            elif kind is ast.NamedExpr and type(node.target) is ast.Name:  # type: ignore[attr-defined]
                self.bind(node.target.id, ValueBinding(expression(node.value)))  # type: ignore[attr-defined]
            for name in node._fields:
                value = getattr(node, name)
                if type(value) is list:
                    for item in value:
                        if type(item) not in _LEAVES and isinstance(item, ast.AST):
                            stack.append(item)
                elif type(value) not in _LEAVES and isinstance(value, ast.AST):
                    stack.append(value)

    def call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        inner = func.func if isinstance(func, ast.Call) else None
        inner_name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", None)
        if (
            name in WORDS
            or inner_name in WORDS
            or name in self.aliases
            or inner_name in self.aliases
        ):
            self.sites.append(self.site(node))
        if (
            isinstance(func, ast.Attribute)
            and func.attr in registry.RUNNABLE_METHODS
            and has_input(node)
        ):
            if self.function is not None:
                line, column = name_at(func)
                receiver = expression(func.value)
                spreads = next(
                    (
                        keyword.value.id
                        for keyword in node.keywords
                        if keyword.arg is None and isinstance(keyword.value, ast.Name)
                    ),
                    None,
                )
                self.bodies[self.function].runnable.append(
                    RunnableCall(line, column, func.attr, receiver, self.scope, spreads)
                )
            return
        if isinstance(func, ast.Name) and func.id in _BUILTINS:
            return
        if _is_super_init(func):
            self.super_init(node)
            return
        callee = expression(func)
        if dotted(callee) is None:
            return
        line, column = name_at(func)
        record = NamedCall(line, column, callee, self.scope, *passed(node))
        if self.function is not None:
            self.bodies[self.function].calls.append(record)
        else:
            self.module_calls.append(record)
