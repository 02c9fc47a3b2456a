"""How a graph, chain or agent is run, judged in the scope that builds it.

A sync node, a sync ``RunnableLambda`` function or ``create_agent``'s own model call loses
the caller's config only when what it belongs to runs async (docs/facts.md, "How the
function is run decides the loss"): a graph compiled and run with ``.invoke`` or
``.stream`` keeps it. So for each registration, the index asks where the value it builds
goes, following it through the names it is bound to and what is derived from it
(``builder.compile()``, ``prompt | lambda_``, ``.with_config(...)``):

- run with an async method (``.ainvoke``, ``.astream``, ``.astream_events``...): ASYNC;
- handed to ``create_swarm`` or ``create_supervisor`` (alone or in the list of agents):
  followed on from that call, whose graph runs it;
- returned, yielded, stored on an object or in a container, passed to a call, called, or
  held by a class: ESCAPES, it may be run anywhere;
- otherwise only run with sync methods, or not run at all: SYNC.

A value bound at module level is judged over the whole module (the functions that read the
global name included), and the project pass decides whether another module can reach it:
only a script nobody imports keeps SYNC. When in doubt the answer is ASYNC or ESCAPES, which
report as before: this can only take findings away where every run is sync.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple, Union

from toolcfg import registry
from toolcfg.index.model import ESCAPES, Run, RunMode

Scope = Union[ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef]


#: Methods that run a runnable synchronously, and asynchronously.
SYNC_RUNS = registry.SYNC_RUN_METHODS
ASYNC_RUNS = registry.ASYNC_RUN_METHODS
#: Methods whose result is the same runnable, configured or compiled: followed.
DERIVING: FrozenSet[str] = frozenset(
    {
        "compile",
        "with_config",
        "with_retry",
        "with_fallbacks",
        "with_listeners",
        "with_alisteners",
        "with_types",
        "bind",
        "pipe",
        "assign",
        "pick",
        "configurable_fields",
        "configurable_alternatives",
    }
)


Function = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]


class Names:
    """A module's tree read once, for every question the flow asks of it: each node's
    parent, which names each function binds, and every read of each name with the
    functions it is read in. Asked name by name, they walked the module again for each
    name followed and each function's body again for each name, which cost seconds on a
    6,000-line module."""

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self._bound: Dict[Function, FrozenSet[str]] = {}
        self._parents: Dict[ast.AST, ast.AST] = {}
        self._reads: Optional[Dict[str, List[Tuple[ast.Name, Tuple[Function, ...]]]]] = None
        self._composers: Optional[FrozenSet[str]] = None

    def composes(self, call: ast.Call) -> bool:
        """Is ``call`` one of ``registry.AGENT_COMPOSERS``, by a name imported from its
        module (``from langgraph_supervisor import create_supervisor``) or an attribute of
        that module (``langgraph_swarm.create_swarm``)? A function of the project that
        happens to share the name builds who knows what."""
        if self._composers is None:
            local = set()
            for node in ast.walk(self.tree):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    for alias in node.names:
                        if (node.module, alias.name) in registry.AGENT_COMPOSERS:
                            local.add(alias.asname or alias.name)
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        for module, name in registry.AGENT_COMPOSERS:
                            if alias.name == module:
                                local.add(f"{alias.asname or module}.{name}")
            self._composers = frozenset(local)
        function = call.func
        if isinstance(function, ast.Name):
            return function.id in self._composers
        return (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and f"{function.value.id}.{function.attr}" in self._composers
        )

    @property
    def parents(self) -> Dict[ast.AST, ast.AST]:
        """Each node's parent: what a value's context is read from."""
        self._walk()
        return self._parents

    def binds(self, function: Function, name: str) -> bool:
        """Does ``function`` bind ``name`` (a parameter, an assignment, a ``def`` or an
        import in its own body), and not declare it ``global`` or ``nonlocal``?"""
        bound = self._bound.get(function)
        if bound is None:
            bound = self._bound[function] = _bound_names(function)
        return name in bound

    def loads(self, scope: ast.AST, name: str) -> List[ast.Name]:
        """Every read of ``name`` that means the binding in ``scope`` (the module or a
        function): in its body and in the functions nested in it that do not bind the name
        themselves. A nested function's defaults and decorators are read in the scope
        around it."""
        reads = self._walk()
        found = []
        for node, within in reads.get(name, ()):
            if scope is not self.tree:
                if scope not in within:
                    continue
                within = within[within.index(scope) + 1 :]
            if not any(self.binds(function, name) for function in within):
                found.append(node)
        return found

    def _walk(self) -> Dict[str, List[Tuple[ast.Name, Tuple[Function, ...]]]]:
        if self._reads is not None:
            return self._reads
        reads: Dict[str, List[Tuple[ast.Name, Tuple[Function, ...]]]] = {}
        parents = self._parents
        stack: List[Tuple[ast.AST, Tuple[Function, ...]]] = [(self.tree, ())]
        while stack:
            node, within = stack.pop()
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                reads.setdefault(node.id, []).append((node, within))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                outer = {id(part) for part in _outer_parts(node)}
                inner = (*within, node)
                for child in ast.iter_child_nodes(node):
                    parents[child] = node
                    stack.append((child, within if id(child) in outer else inner))
                continue
            if isinstance(node, ast.arguments) and within:
                # A function's defaults are read where it is defined; the rest is its own.
                for child in ast.iter_child_nodes(node):
                    parents[child] = node
                    outside = _is_default(within[-1], child)
                    stack.append((child, within[:-1] if outside else within))
                continue
            for child in ast.iter_child_nodes(node):
                parents[child] = node
                stack.append((child, within))
        self._reads = reads
        return reads


def _is_default(function: Function, node: ast.AST) -> bool:
    arguments = function.args
    return any(node is default for default in (*arguments.defaults, *arguments.kw_defaults))


def how_run(scope: Scope, start: Union[ast.expr, str], names: Names) -> Run:
    """How the value of ``start`` (an expression, or a name bound in ``scope``) is run, as
    far as ``scope`` shows; ``names`` reads the module that holds ``scope``."""
    if isinstance(scope, (ast.ClassDef, ast.Lambda)):
        return ESCAPES  # a class attribute, a lambda's value: anyone's
    walker = _Flow(scope, names)
    if isinstance(start, str):
        walker.follow_name(start)
    else:
        walker.follow(start)
    return walker.fact()


class _Flow:
    def __init__(self, scope: Scope, index: Names) -> None:
        self.scope = scope
        self.parents = index.parents
        self.index = index
        self.modes: Set[RunMode] = set()
        self.ran = False
        self.names: List[str] = []
        self.module = isinstance(scope, ast.Module)

    def fact(self) -> Run:
        if RunMode.ESCAPES in self.modes:
            return ESCAPES
        if RunMode.ASYNC in self.modes:
            return Run(RunMode.ASYNC)
        return Run(RunMode.SYNC, tuple(self.names) if self.module else (), self.ran)

    def follow_name(self, name: str) -> None:
        if name in self.names:
            return
        self.names.append(name)
        for use in self.index.loads(self.scope, name):
            self.follow(use)

    def follow(self, node: ast.AST) -> None:
        """Climb from ``node`` through what derives from its value, and judge the use."""
        while RunMode.ESCAPES not in self.modes:
            parent = self.parents.get(node)
            if parent is None:
                return
            if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.BitOr):
                node = parent  # prompt | value | model: the pipe carries it
            elif isinstance(parent, (ast.IfExp, ast.BoolOp)) and node is not getattr(
                parent, "test", None
            ):
                node = parent
            elif isinstance(parent, ast.Attribute):
                derived = self._attribute(parent)
                if derived is None:
                    return
                node = derived
            elif isinstance(parent, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
                self._assigned(parent)
                return
            elif (composed := self._composed(node, parent)) is not None:
                node = composed
            elif isinstance(parent, (ast.Expr, ast.Compare, ast.FormattedValue)):
                return  # built and dropped, compared or printed: not run
            else:
                # Returned, yielded, passed to a call, called, stored in a container,
                # iterated, entered: it may be run anywhere.
                self.modes.add(RunMode.ESCAPES)
                return

    def _composed(self, node: ast.AST, parent: ast.AST) -> Optional[ast.Call]:
        """The ``create_swarm(...)`` or ``create_supervisor(...)`` call that ``node`` is an
        agent of: an argument, or an item of a list or tuple that is one."""
        outer: Optional[ast.AST] = parent
        if isinstance(outer, (ast.List, ast.Tuple)):
            node, outer = outer, self.parents.get(outer)
        if isinstance(outer, ast.keyword):
            node, outer = outer, self.parents.get(outer)
        if isinstance(outer, ast.Call) and node is not outer.func and self.index.composes(outer):
            return outer
        return None

    def _attribute(self, attribute: ast.Attribute) -> Optional[ast.AST]:
        """``value.name``: a run, a derived runnable to follow (returned), or a use that
        neither runs nor passes the value on (None)."""
        if attribute.attr in ASYNC_RUNS:
            self.modes.add(RunMode.ASYNC)
            return None
        if attribute.attr in SYNC_RUNS:
            self.ran = True
            return None  # a sync run keeps the config, called here or handed to a thread
        call = self.parents.get(attribute)
        called = isinstance(call, ast.Call) and call.func is attribute
        if called and attribute.attr in DERIVING:
            return call
        return None  # builder.add_edge(...), app.get_graph(), agent.name

    def _assigned(self, statement: Union[ast.Assign, ast.AnnAssign, ast.NamedExpr]) -> None:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            if isinstance(target, ast.Name):
                self.follow_name(target.id)
            else:  # self.graph = ..., registry["x"] = ..., a, b = ...
                self.modes.add(RunMode.ESCAPES)


def binding_scope(enclosing: List[ast.AST], name: str, names: Names) -> ast.AST:
    """Of ``enclosing`` (the module, then the functions and classes around a place, the
    innermost last), the scope whose ``name`` a read there means: the innermost function
    that binds it, else the module (a class body's names are not its methods')."""
    for scope in reversed(enclosing[1:]):
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and (
            names.binds(scope, name)
        ):
            return scope
    return enclosing[0]


def _bound_names(function: Function) -> FrozenSet[str]:
    arguments = function.args
    params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    params += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    bound = {param.arg for param in params}
    declared: Set[str] = set()
    body: List[ast.AST] = (
        list(function.body) if isinstance(function.body, list) else [function.body]
    )
    for node in _own_nodes(body):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name.split(".")[0]) for alias in node.names)
    return frozenset(bound - declared)


def _own_nodes(body: List[ast.AST]) -> Iterator[ast.AST]:
    """The nodes of a function body, not those of functions and classes nested in it."""
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _outer_parts(
    function: Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda],
) -> List[ast.AST]:
    arguments = function.args
    parts: List[ast.AST] = [*arguments.defaults, *(d for d in arguments.kw_defaults if d)]
    if not isinstance(function, ast.Lambda):
        parts.extend(function.decorator_list)
    return parts
