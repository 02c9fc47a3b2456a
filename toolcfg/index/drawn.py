"""The parameters an expression is drawn from: what a function that registers its
parameters (``build_graph(node_functions={...})``) registers is whatever its callers pass.

``registrations.py`` and ``arguments.py`` ask, for an expression read in a function, which
of the function's parameters it is an item of, through names, containers and ``self``
attributes; the answer is followed to the callers' arguments there. Apart from what names
mean (``resolve.py``), which it reads through the ``Project``.
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Sequence, Set, Tuple

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.model import Attribute, Binding, Expr, Key, Name
from toolcfg.index.modules import FunctionRef
from toolcfg.index.resolve import Project

#: How many names and containers a parameter is followed through, in one function.
_MAX_DRAWN = 12


class Drawn(NamedTuple):
    """A parameter an expression is drawn from: ``node_functions[name]`` in ``build_graph``
    is an item of its parameter ``node_functions``, whatever its callers pass there."""

    function: FunctionRef
    param: str
    #: The keys the expression takes the parameter's items at, outermost first: ``("a",)``
    #: for ``node_functions["a"]``, ``(None,)`` for any item.
    keys: Tuple[Key, ...]


def drawn_from(project: Project, expr: Expr, path: str, scope: int) -> List[Drawn]:
    """The parameters ``expr`` is drawn from, through the names, containers and
    ``self`` attributes of the functions it is read in: ``fn`` after ``for name, fn in
    node_functions.items()``, ``node_functions["a"]``, ``[*nodes, last]``."""
    found: List[Drawn] = []
    _drawn(project, expr, path, scope, (), found, set())
    return found


def _drawn(
    project: Project,
    expr: Expr,
    path: str,
    scope: int,
    keys: Tuple[Key, ...],
    found: List[Drawn],
    seen: Set[Tuple[int, int]],
) -> None:
    if (scope, id(expr)) in seen or len(seen) > _MAX_DRAWN:
        return
    seen.add((scope, id(expr)))
    if isinstance(expr, Name):
        bound = project.bindings(path, scope, expr.name)
        if bound is None:
            return
        where, bindings = bound
        for binding in bindings:
            if isinstance(binding, model.ValueBinding):
                _drawn(project, binding.value, path, where, keys, found, seen)
            elif isinstance(binding, model.ParameterBinding):
                function = project.function_at(path, where)
                if function is not None:
                    found.append(Drawn(FunctionRef(path, function), expr.name, keys))
    elif isinstance(expr, model.Subscript):
        _drawn(project, expr.value, path, scope, (expr.key, *keys), found, seen)
    elif isinstance(expr, model.Starred):
        _drawn(project, expr.value, path, scope, keys, found, seen)
    elif isinstance(expr, (model.Concat, model.Either)):
        for item in expr:
            _drawn(project, item, path, scope, keys, found, seen)
    elif isinstance(expr, model.ListOf):
        for item in expr.items:
            inner = keys if isinstance(item, model.Starred) else keys[1:]
            _drawn(project, item, path, scope, inner, found, seen)
    elif isinstance(expr, model.DictOf):
        wanted = keys[0] if keys else None
        for key, item in expr.items:
            if isinstance(item, model.Starred):
                _drawn(project, item, path, scope, keys, found, seen)
            elif wanted is None or key == wanted:
                _drawn(project, item, path, scope, keys[1:], found, seen)
    elif isinstance(expr, model.Call) and expr.args:
        if project.external(expr.callee, path, scope) & registry.PARTIALS:
            _drawn(project, expr.args[0], path, scope, keys, found, seen)
    elif isinstance(expr, Attribute) and isinstance(expr.value, Name):
        # ``project.nodes``, which ``__init__`` set from its parameter.
        bound = project.bindings(path, scope, expr.value.name)
        owner = _owner(bound[1]) if bound is not None else None
        module = project.module(path)
        if owner is not None and module is not None:
            cls = module.summary.classes[owner]
            for assigned in cls.attributes.get(expr.attr, ()):
                _drawn(project, assigned.value, path, assigned.scope, keys, found, seen)


def _owner(bindings: Sequence[Binding]) -> Optional[int]:
    """The class a name is the ``self`` of, if that is all it is bound to."""
    if len(bindings) == 1 and isinstance(bindings[0], model.SelfBinding):
        return bindings[0].owner
    return None
