"""What a name means where it is read: scopes rebuilt from a module summary.

The analysis asks these scopes what an annotation names (``RunnableConfig``? imported at
run time or only under ``TYPE_CHECKING``?), so that name resolution is written once, in
the index, for both tiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Sequence

#: The qualified name of anything the project defines itself. It never matches a library
#: name, so a home-made ``tool`` is never LangChain's.
LOCAL = "<local>"


@dataclass(frozen=True)
class Binding:
    qualified_name: str
    #: False for imports under ``if TYPE_CHECKING:``, which do not exist at run time.
    runtime: bool = True


class Scope:
    """One scope of a summarised module; lookups follow Python's rules (LEGB, classes
    skipped from the functions inside them)."""

    def __init__(self, records: Sequence[Dict[str, Any]], index: int, package: Optional[str]):
        self._records = records
        self.index = index
        self._package = package
        record = records[index]
        self.kind: str = record["kind"]
        self._bindings: Dict[str, List[Any]] = record["bindings"]
        self._stars: List[List[Any]] = record["stars"]

    @property
    def parent(self) -> Optional[Scope]:
        parent = self._records[self.index]["parent"]
        return None if parent is None else Scope(self._records, parent, self._package)

    def names(self) -> FrozenSet[str]:
        return frozenset(self._bindings)

    def lookup(self, name: str) -> List[Binding]:
        """Every binding ``name`` may refer to here; imports through ``*`` as a last resort."""
        scope: Optional[Scope] = self
        stars: List[str] = []
        while scope is not None:
            if name in scope._bindings:
                return [scope._binding(raw) for raw in scope._bindings[name]]
            stars.extend(
                f"{module}.{name}" for level, module in scope._stars if level == 0 and module
            )
            scope = scope.parent
        return [Binding(qualified) for qualified in stars]

    def _binding(self, raw: List[Any]) -> Binding:
        if raw[0] == "i":
            return Binding(raw[1], bool(raw[2]))
        if raw[0] == "r":
            return Binding(absolute(self._package, raw[1], raw[2], raw[3]) or LOCAL, bool(raw[4]))
        return Binding(LOCAL)

    def qualified_names(self, dotted: Optional[str]) -> FrozenSet[str]:
        """Every qualified name ``a.b.c`` may refer to; empty when it is not a dotted name."""
        if dotted is None:
            return frozenset()
        head, _, rest = dotted.partition(".")
        suffix = f".{rest}" if rest else ""
        return frozenset(binding.qualified_name + suffix for binding in self.lookup(head))

    def resolves_to(self, dotted: Optional[str], names: FrozenSet[str]) -> bool:
        """True when every binding the name may refer to is one of ``names``: precise when a
        module imports two ``tool`` decorators or redefines one."""
        found = self.qualified_names(dotted)
        return bool(found) and found <= names


def absolute(package: Optional[str], level: int, module: str, name: str) -> Optional[str]:
    """``from ..x import y`` in a module of package ``a.b`` is ``a.x.y``; None when the
    package is unknown or the import climbs above its top package."""
    if package is None:
        return None
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    dotted = ".".join([*base, *([module] if module else []), name])
    return dotted or None
