"""What a name means where it is read: scopes rebuilt from a module summary.

The analysis asks these scopes what an annotation names (``RunnableConfig``? imported at
run time or only under ``TYPE_CHECKING``?), so that name resolution is written once, in
the index, for both tiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Sequence

from toolcfg.index import model

#: The qualified name of anything the project defines itself. It never matches a library
#: name, so a home-made ``tool`` is never LangChain's.
LOCAL = "<local>"


@dataclass(frozen=True)
class Resolved:
    """What a name is bound to, as a qualified name."""

    qualified_name: str
    #: False for imports under ``if TYPE_CHECKING:``, which do not exist at run time.
    runtime: bool = True


class Scope:
    """One scope of a summarised module; lookups follow Python's rules (LEGB, classes
    skipped from the functions inside them)."""

    def __init__(self, records: Sequence[model.Scope], index: int, package: Optional[str]):
        self._records = records
        self.index = index
        self._package = package
        self._record = records[index]
        self.kind = self._record.kind

    @property
    def parent(self) -> Optional[Scope]:
        parent = self._record.parent
        return None if parent is None else Scope(self._records, parent, self._package)

    def names(self) -> FrozenSet[str]:
        return frozenset(self._record.bindings)

    def lookup(self, name: str) -> List[Resolved]:
        """Every binding ``name`` may refer to here; imports through ``*`` as a last resort."""
        scope: Optional[Scope] = self
        stars: List[str] = []
        while scope is not None:
            bindings = scope._record.bindings.get(name)
            if bindings is not None:
                return [scope._resolved(binding) for binding in bindings]
            stars.extend(
                f"{star.module}.{name}"
                for star in scope._record.stars
                if star.level == 0 and star.module
            )
            scope = scope.parent
        return [Resolved(qualified) for qualified in stars]

    def _resolved(self, binding: model.Binding) -> Resolved:
        if isinstance(binding, model.ImportBinding):
            return Resolved(binding.qualified, binding.runtime)
        if isinstance(binding, model.RelativeImportBinding):
            qualified = absolute(self._package, binding.level, binding.module, binding.name)
            return Resolved(qualified or LOCAL, binding.runtime)
        return Resolved(LOCAL)

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
