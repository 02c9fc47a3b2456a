"""The modules of a project, loaded on demand, and where an import of one leads.

The project pass sees other modules only through here: ``Modules.module`` asks the loader
(the pipeline) for a module's summary the first time a name leads to it, and the lookups
of ``import a.b`` and ``from ..x import y`` search the directories Python would, with the
file system's answers kept for the run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Dict, List, NamedTuple, Optional, Set, Tuple

from toolcfg.index.model import Function, Summary


class FunctionRef(NamedTuple):
    """A function of the project: its module's path and its position in the summary's
    functions."""

    path: str
    position: int


@dataclass
class Module:
    path: str
    #: The package its relative imports are relative to (``""`` at the top level), and its
    #: own dotted name; None when the file is not inside a package we can name.
    package: Optional[str]
    name: Optional[str]
    summary: Summary
    digest: str


Loader = Callable[[str], Optional[Module]]


def module_name(
    path: str, is_file: Callable[[str], bool] = os.path.isfile
) -> Tuple[str, Optional[str]]:
    """A file's package (what its relative imports are relative to) and its dotted module
    name, from the ``__init__.py`` files above it (``is_file`` looks); a file outside any
    package is a top-level module."""
    directory, filename = os.path.split(os.path.abspath(path))
    stem = filename[:-3] if filename.endswith(".py") else filename
    parts: List[str] = []
    while is_file(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
        if not package:
            break
    package_name = ".".join(parts)
    if stem == "__init__":
        return package_name, package_name or None
    return package_name, f"{package_name}.{stem}" if package_name else stem


class Modules:
    """The modules of one project, loaded on demand. A module is named by its path: a
    file, or the directory of a namespace package."""

    def __init__(
        self, root: str, load: Loader, is_file: Callable[[str], bool] = os.path.isfile
    ) -> None:
        self.root = root
        self._load = load
        #: Whether a path is a file: the workspace's look, which outlives one pass.
        self.is_file = is_file
        self._modules: Dict[str, Optional[Module]] = {}
        self._roots: Set[str] = {root}
        if os.path.isdir(os.path.join(root, "src")):
            self._roots.add(os.path.join(root, "src"))
        self._dirs: Dict[str, bool] = {}
        self._absolute: Dict[Tuple[str, str, int], Optional[str]] = {}
        self._source_roots: Dict[str, Optional[str]] = {}
        #: The roots that hold a top-level name, while the roots are these many.
        self._holding: Dict[Tuple[str, int], Tuple[str, ...]] = {}

    def module(self, path: str) -> Optional[Module]:
        if path in self._modules:  # the paths the index passes around are absolute already
            return self._modules[path]
        path = os.path.abspath(path)
        if path not in self._modules:
            self._modules[path] = None  # a module that imports itself while loading
            module = self._load(path)
            self._modules[path] = module
            root = self._source_root(path)
            if root is not None:
                self._roots.add(root)
        return self._modules[path]

    def function(self, ref: FunctionRef) -> Optional[Function]:
        """The summary's record of a function, if its module can be loaded."""
        module = self.module(ref.path)
        return None if module is None else module.summary.functions[ref.position]

    def loaded(self) -> List[Module]:
        return [module for module in self._modules.values() if module is not None]

    def _source_root(self, path: str) -> Optional[str]:
        """The directory a module's top package sits in: what ``sys.path`` would hold."""
        if path in self._source_roots:
            return self._source_roots[path]
        root = self._find_source_root(path)
        if self._modules.get(path) is not None:  # known for good once the module is loaded
            self._source_roots[path] = root
        return root

    def _find_source_root(self, path: str) -> Optional[str]:
        module = self._modules.get(path)
        if module is None or module.name is None:
            return None
        depth = module.name.count(".") + (1 if os.path.basename(path) == "__init__.py" else 0)
        root = os.path.dirname(path)
        for _ in range(depth):
            root = os.path.dirname(root)
        return root

    def _is_dir(self, path: str) -> bool:
        if path not in self._dirs:
            self._dirs[path] = os.path.isdir(path)
        return self._dirs[path]

    def module_at(self, base: str) -> Optional[str]:
        """The project module at ``base`` (a path without ``.py``): a file, a package, or a
        namespace directory."""
        if self.is_file(base + ".py"):
            return base + ".py"
        init = os.path.join(base, "__init__.py")
        if self.is_file(init):
            return init
        if self._is_dir(base) and os.path.abspath(base).startswith(self.root):
            return base
        return None

    def absolute_module(self, dotted_name: str, importer: str) -> Optional[str]:
        """Where ``import a.b`` leads from ``importer``: its own source root first (where its
        top package sits), then the project's roots, then its own directory (a script)."""
        key = (dotted_name, importer, len(self._roots))
        if key not in self._absolute:
            self._absolute[key] = self._find_module(dotted_name, importer)
        return self._absolute[key]

    def _find_module(self, dotted_name: str, importer: str) -> Optional[str]:
        parts = dotted_name.split(".")
        own = self._source_root(importer)
        # Of several roots that hold the top package, the one nearest the importer wins.
        # Most names (third-party ones) are in no root: those are ruled out by one lookup.
        nearest = self._roots_holding(parts[0])
        if len(nearest) > 1:
            nearest = tuple(sorted(nearest, key=lambda root: (-len(_common(root, importer)), root)))
        roots = [*([own] if own else []), *nearest, os.path.dirname(importer)]
        for root in dict.fromkeys(roots):
            found = self.module_at(os.path.join(root, *parts))
            if found is not None:
                return found
        return None

    def _roots_holding(self, top: str) -> Tuple[str, ...]:
        """The roots with a module or package named ``top``, remembered while the roots stay
        the same: every import asks, most of them of third-party names no root holds."""
        key = (top, len(self._roots))
        if key not in self._holding:
            self._holding[key] = tuple(
                root for root in self._roots if self.module_at(os.path.join(root, top))
            )
        return self._holding[key]

    def relative_module(self, importer: str, level: int, module: str) -> Optional[str]:
        """Where ``from <level dots><module> import ...`` leads from ``importer``."""
        base = os.path.dirname(importer)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        if not module:
            return base
        return self.module_at(os.path.join(base, *module.split(".")))


def _common(root: str, path: str) -> str:
    try:
        return os.path.commonpath([root, path])
    except ValueError:
        return ""
