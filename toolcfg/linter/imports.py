"""Qualified names from a module's own import statements.

LibCST's ``QualifiedNameProvider`` builds scope metadata for the whole module, which costs
about 13 times the parse. Recognising a decorator, a base class or a call target needs only
the imports, so toolcfg keeps a small map of them, one per module or function body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple, Union

import libcst as cst

#: The qualified name of anything the module defines itself (a def, a class, an assignment,
#: a relative import). It never matches a library name, so a home-made ``tool`` is never ours.
LOCAL = "<local>"


@dataclass(frozen=True)
class Binding:
    qualified_name: str
    #: False for imports under ``if TYPE_CHECKING:``, which do not exist at run time.
    runtime: bool = True
    #: The ``def`` or ``class`` that binds the name, so registrations and bases can find it.
    definition: Optional[cst.CSTNode] = None


@dataclass
class Scope:
    """The names bound in one module or function body, and the scope around it."""

    parent: Optional[Scope] = None
    bindings: Dict[str, List[Binding]] = field(default_factory=dict)
    star_modules: List[str] = field(default_factory=list)

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def lookup(self, name: str) -> List[Binding]:
        scope: Optional[Scope] = self
        stars: List[str] = []
        while scope is not None:
            if name in scope.bindings:
                return scope.bindings[name]
            stars.extend(scope.star_modules)
            scope = scope.parent
        return [Binding(f"{module}.{name}") for module in stars]


def dotted_name(expr: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a chain of names, None for anything else."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        head = dotted_name(expr.value)
        return None if head is None else f"{head}.{expr.attr.value}"
    return None


def qualified_names(expr: cst.BaseExpression, scope: Scope) -> FrozenSet[str]:
    """Every qualified name ``expr`` may refer to; empty when it is not a plain dotted name."""
    dotted = dotted_name(expr)
    if dotted is None:
        return frozenset()
    head, _, rest = dotted.partition(".")
    suffix = f".{rest}" if rest else ""
    return frozenset(binding.qualified_name + suffix for binding in scope.lookup(head))


def resolves_to(expr: cst.BaseExpression, scope: Scope, names: FrozenSet[str]) -> bool:
    """True when every binding ``expr`` may refer to is one of ``names``.

    Requiring all of them keeps us precise when a module imports two ``tool`` decorators or
    redefines one.
    """
    found = qualified_names(expr, scope)
    return bool(found) and found <= names


def import_bindings(node: Union[cst.Import, cst.ImportFrom]) -> Iterator[Tuple[str, str]]:
    """The ``(local name, qualified name)`` pairs an import statement binds.

    A star import yields ``("*", module)``.
    """
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted_name(alias.name) or ""
            if alias.asname is not None:
                yield _asname(alias), full
            else:
                head = full.split(".")[0]
                yield head, head
        return
    module = dotted_name(node.module) if node.module is not None else None
    base = None if node.relative or module is None else module
    if isinstance(node.names, cst.ImportStar):
        if base is not None:
            yield "*", base
        return
    for alias in node.names:
        name = dotted_name(alias.name) or ""
        local = _asname(alias) if alias.asname is not None else name
        yield local, LOCAL if base is None else f"{base}.{name}"


def _asname(alias: cst.ImportAlias) -> str:
    assert alias.asname is not None
    target = alias.asname.name
    return target.value if isinstance(target, cst.Name) else ""
