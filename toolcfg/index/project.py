"""The project pass: which functions LangChain or LangGraph runs, across modules.

It is the only place that sees other modules, so it alone decides what a function *is*:
a target (a tool, a lambda, a node, a middleware hook...), a helper on a target's path, or
nothing. It works on module summaries (``model.py``), loads modules on demand as names
lead to them, and evaluates the summaries' symbolic expressions to sets of *atoms*:

- ``FunctionAtom``: a function of the project; ``ClassAtom``: a class; ``InstanceAtom``: an
  instance of that class;
- ``ModuleAtom``: a project module (a file, or a directory of a namespace package);
- ``External("a.b.c")``: a name as the module imports it, which is how registrations are
  recognised: through the module's own imports, so a CrewAI or FastMCP ``tool`` is never
  LangChain's;
- ``ImportAtom``, ``RelativeImportAtom``: an import of the project not followed yet.

Registration callees match the table in ``toolcfg.registry``; the functions they are handed
become targets of its kind. Helpers are the project functions a target calls that make
runnable calls themselves, at any depth, cycles included.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from typing import (
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
)

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.model import (
    Attribute,
    Binding,
    CallKey,
    Expr,
    Function,
    Key,
    Name,
    ParamKind,
    Site,
    Summary,
    describe,
    dotted,
)
from toolcfg.index.scopes import absolute
from toolcfg.registry import Form, Registration, TargetKind


class FunctionRef(NamedTuple):
    """A function of the project: its module's path and its position in the summary's functions."""

    path: str
    position: int


class AtomKind(IntEnum):
    """Tells atoms of one shape apart: NamedTuples compare as plain tuples, so without it
    ``FunctionAtom(p, 1)`` would equal ``ClassAtom(p, 1)`` in a set."""

    FUNCTION = 1
    CLASS = 2
    INSTANCE = 3
    MODULE = 4
    EXTERNAL = 5
    IMPORT = 6
    RELATIVE_IMPORT = 7


class FunctionAtom(NamedTuple):
    path: str
    position: int
    kind: AtomKind = AtomKind.FUNCTION

    @property
    def ref(self) -> FunctionRef:
        return FunctionRef(self.path, self.position)


class ClassAtom(NamedTuple):
    path: str
    position: int
    kind: AtomKind = AtomKind.CLASS


class InstanceAtom(NamedTuple):
    """An instance of the class at ``position``."""

    path: str
    position: int
    kind: AtomKind = AtomKind.INSTANCE


class ModuleAtom(NamedTuple):
    """A file, or the directory of a namespace package."""

    path: str
    kind: AtomKind = AtomKind.MODULE


class External(NamedTuple):
    """A name as the module imports it (``langchain_core.tools.tool``)."""

    name: str
    kind: AtomKind = AtomKind.EXTERNAL


class ImportAtom(NamedTuple):
    """``import qualified`` in the module at ``importer``, not followed yet."""

    qualified: str
    importer: str
    kind: AtomKind = AtomKind.IMPORT


class RelativeImportAtom(NamedTuple):
    """``from ..module import name`` in the module at ``importer``, not followed yet."""

    importer: str
    level: int
    module: str
    name: str
    kind: AtomKind = AtomKind.RELATIVE_IMPORT


Atom = Union[
    FunctionAtom, ClassAtom, InstanceAtom, ModuleAtom, External, ImportAtom, RelativeImportAtom
]
#: Atoms with the project's imports followed: no ``ImportAtom`` or ``RelativeImportAtom``.
Concrete = Union[FunctionAtom, ClassAtom, InstanceAtom, ModuleAtom, External]

_NOTHING: FrozenSet[Atom] = frozenset()
#: How deep evaluation may nest: far beyond any real chain of aliases and factories.
_MAX_DEPTH = 200
#: How long an imported dotted name may grow by attribute access.
_MAX_DOTS = 16


@dataclass
class Module:
    path: str
    #: The package its relative imports are relative to (``""`` at the top level), and its
    #: own dotted name; None when the file is not inside a package we can name.
    package: Optional[str]
    name: Optional[str]
    summary: Summary
    digest: str


@dataclass(frozen=True)
class CallSite:
    path: str
    line: int


@dataclass(frozen=True)
class HelperInfo:
    """A project function on a target's path that makes runnable calls."""

    path: str
    key: str
    #: As a message names it: ``summarize_page()``.
    name: str
    #: Its parameter that takes a config, if it has one, and that parameter's position
    #: among those a call can pass positionally.
    config_param: Optional[str]
    config_index: Optional[int]
    #: What it calls without the config: ``model.ainvoke()``, or another helper.
    inner: str


@dataclass(frozen=True)
class Planned:
    """A function the analysis must look inside, and what the project knows about it."""

    key: str
    kind: TargetKind
    #: The class it is a method of, for messages (``SearchTool._arun``).
    owner: Optional[str]
    #: Calls of the function by its name elsewhere in the project (tests, say): a fix that
    #: adds a required parameter would break them.
    callers: Tuple[CallSite, ...] = ()
    #: Calls inside it of helpers, by call key.
    helper_calls: Tuple[Tuple[CallKey, HelperInfo], ...] = ()
    #: ``.ainvoke(...)`` calls on a project class whose ``ainvoke`` takes no config.
    not_runnable: Tuple[CallKey, ...] = ()
    #: Tools: True when the tool is given an explicit ``args_schema``, so a parameter cannot
    #: leak into its schema; None when we cannot tell.
    schema: Optional[bool] = False
    #: Helpers: the kind of a target whose path they are on, whose rules they report under.
    via: Optional[TargetKind] = None
    #: Helpers: its ``config`` parameter is the application's settings (``config["model"]``),
    #: not a RunnableConfig, so it receives none and ``config`` is a name it already uses.
    settings_config: bool = False
    #: A decorator of the project that hides the function's signature (``@timed``), as
    #: spelled: LangChain and LangGraph read the wrapper's, so a parameter added to the
    #: function would never be passed, or be passed to a wrapper that does not take it.
    wrapped_by: Optional[str] = None


@dataclass(frozen=True)
class AgentCall:
    """A ``create_agent(...)`` call: where it is and how it is spelled."""

    start: Tuple[int, int]
    end: Tuple[int, int]
    text: str


@dataclass
class FilePlan:
    """What the analysis of one file needs from the project."""

    path: str
    package: Optional[str]
    summary: Summary = field(repr=False)
    functions: Dict[str, Planned] = field(default_factory=dict)
    agents: List[AgentCall] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Everything about the plan that can change the file's findings, as text."""
        parts = [repr(sorted((key, _planned_text(p)) for key, p in self.functions.items()))]
        parts.append(repr([(a.start, a.end, a.text) for a in self.agents]))
        return "\n".join(parts)


def _planned_text(planned: Planned) -> Tuple[object, ...]:
    return (
        planned.kind.label,
        planned.owner,
        planned.callers,
        planned.helper_calls,
        planned.not_runnable,
        planned.schema,
        planned.via.label if planned.via is not None else None,
        planned.settings_config,
        planned.wrapped_by,
    )


Loader = Callable[[str], Optional[Module]]


def module_name(path: str) -> Tuple[str, Optional[str]]:
    """A file's package (what its relative imports are relative to) and its dotted module
    name, from the ``__init__.py`` files above it; a file outside any package is a
    top-level module."""
    directory, filename = os.path.split(os.path.abspath(path))
    stem = filename[:-3] if filename.endswith(".py") else filename
    parts: List[str] = []
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
        if not package:
            break
    package_name = ".".join(parts)
    if stem == "__init__":
        return package_name, package_name or None
    return package_name, f"{package_name}.{stem}" if package_name else stem


class Project:
    """The modules of one project, loaded on demand, and the targets they register."""

    def __init__(self, root: str, load: Loader) -> None:
        self.root = root
        self._load = load
        self._modules: Dict[str, Optional[Module]] = {}
        self._roots: Set[str] = {root}
        if os.path.isdir(os.path.join(root, "src")):
            self._roots.add(os.path.join(root, "src"))
        self._names: Dict[Tuple[str, int, str], FrozenSet[Atom]] = {}
        self._active: Set[Tuple[str, int, str]] = set()
        self._files: Dict[str, bool] = {}
        self._values: Dict[Tuple[str, int, int], FrozenSet[Atom]] = {}
        self._imports: Dict[Atom, FrozenSet[Concrete]] = {}
        self._following = 0
        self._absolute: Dict[Tuple[str, str, int], Optional[ModuleAtom]] = {}
        self._evaluating: Set[Tuple[str, int, int]] = set()
        self._dirs: Dict[str, bool] = {}

    # -- modules ----------------------------------------------------------------------------

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

    def _source_root(self, path: str) -> Optional[str]:
        """The directory a module's top package sits in: what ``sys.path`` would hold."""
        module = self._modules.get(path)
        if module is None or module.name is None:
            return None
        depth = module.name.count(".") + (1 if os.path.basename(path) == "__init__.py" else 0)
        root = os.path.dirname(path)
        for _ in range(depth):
            root = os.path.dirname(root)
        return root

    def loaded(self) -> List[Module]:
        return [module for module in self._modules.values() if module is not None]

    def _is_file(self, path: str) -> bool:
        if path not in self._files:
            self._files[path] = os.path.isfile(path)
        return self._files[path]

    def _is_dir(self, path: str) -> bool:
        if path not in self._dirs:
            self._dirs[path] = os.path.isdir(path)
        return self._dirs[path]

    def _module_at(self, base: str) -> Optional[ModuleAtom]:
        """The project module at ``base`` (a path without ``.py``): a file, a package, or a
        namespace directory."""
        if self._is_file(base + ".py"):
            return ModuleAtom(base + ".py")
        init = os.path.join(base, "__init__.py")
        if self._is_file(init):
            return ModuleAtom(init)
        if self._is_dir(base) and os.path.abspath(base).startswith(self.root):
            return ModuleAtom(base)
        return None

    def _absolute_module(self, dotted_name: str, importer: str) -> Optional[ModuleAtom]:
        """Where ``import a.b`` leads from ``importer``: its own source root first (where its
        top package sits), then the project's roots, then its own directory (a script)."""
        key = (dotted_name, importer, len(self._roots))
        if key not in self._absolute:
            self._absolute[key] = self._find_module(dotted_name, importer)
        return self._absolute[key]

    def _find_module(self, dotted_name: str, importer: str) -> Optional[ModuleAtom]:
        parts = dotted_name.split(".")
        own = self._source_root(importer)
        # Of several roots that hold the top package, the one nearest the importer wins.
        # Most names (third-party ones) are in no root: those are ruled out by one lookup.
        holding = [root for root in self._roots if self._holds(root, parts[0])]
        nearest = sorted(holding, key=lambda root: (-len(_common(root, importer)), root))
        roots = [*([own] if own else []), *nearest, os.path.dirname(importer)]
        for root in dict.fromkeys(roots):
            found = self._module_at(os.path.join(root, *parts))
            if found is not None:
                return found
        return None

    def _holds(self, root: str, top: str) -> bool:
        """Whether ``root`` has a module or package named ``top``."""
        return self._module_at(os.path.join(root, top)) is not None

    def _relative_module(self, importer: str, level: int, module: str) -> Optional[ModuleAtom]:
        base = os.path.dirname(importer)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        if not module:
            return ModuleAtom(base)
        return self._module_at(os.path.join(base, *module.split(".")))

    # -- what expressions mean ---------------------------------------------------------------

    def values(self, expr: Expr, path: str, scope: int) -> FrozenSet[Atom]:
        """What ``expr`` may be, read in ``scope`` of the module at ``path``. Memoised, and
        an expression met again while it is being evaluated (a cycle) is nothing."""
        key = (path, scope, id(expr))
        found = self._values.get(key)
        if found is not None:
            return found
        if key in self._evaluating or len(self._evaluating) > _MAX_DEPTH:
            return _NOTHING
        self._evaluating.add(key)
        try:
            found = self._values_of(expr, path, scope)
        finally:
            self._evaluating.discard(key)
        self._values[key] = found
        return found

    def _values_of(self, expr: Expr, path: str, scope: int) -> FrozenSet[Atom]:
        if isinstance(expr, Name):
            return self.lookup(path, scope, expr.name)
        if isinstance(expr, Attribute):
            return frozenset(
                found
                for atom in self.values(expr.value, path, scope)
                for found in self.member(atom, expr.attr)
            )
        if isinstance(expr, model.Call):
            callee = self.values(expr.callee, path, scope)
            externals = [atom for atom in callee if isinstance(atom, External)]
            return frozenset(
                found
                for atom in [*externals, *self.concrete(_in_project(callee))]
                for found in self._called(atom, expr, path, scope)
            )
        items: Sequence[Expr]
        if isinstance(expr, model.ListOf):
            items = expr.items
        elif isinstance(expr, model.Concat):
            items = expr.left, expr.right
        elif isinstance(expr, model.Either):
            items = expr.first, expr.second
        elif isinstance(expr, model.DictOf):
            items = [value for _, value in expr.items]
        elif isinstance(expr, model.Starred):
            return self.values(expr.value, path, scope)
        elif isinstance(expr, model.Subscript):
            return self._item(expr.value, expr.key, path, scope)
        else:
            return _NOTHING
        return frozenset(atom for item in items for atom in self.values(item, path, scope))

    def lookup(self, path: str, scope: int, name: str) -> FrozenSet[Atom]:
        key = (path, scope, name)
        if key in self._names:
            return self._names[key]
        if key in self._active:
            return _NOTHING
        module = self.module(path)
        if module is None:
            return _NOTHING
        self._active.add(key)
        try:
            found = self._lookup(module, scope, name)
        finally:
            self._active.discard(key)
        self._names[key] = found
        return found

    def _lookup(self, module: Module, scope: Optional[int], name: str) -> FrozenSet[Atom]:
        scopes = module.summary.scopes
        stars: List[model.StarImport] = []
        while scope is not None:
            record = scopes[scope]
            bindings = record.bindings.get(name)
            if bindings is not None:
                return frozenset(
                    atom for binding in bindings for atom in self._bound(module, scope, binding)
                )
            stars.extend(record.stars)
            scope = record.parent
        found: Set[Atom] = set()
        for level, star_module in stars:
            target = (
                self._relative_module(module.path, level, star_module)
                if level
                else self._absolute_module(star_module, module.path)
            )
            if target is not None and target.path.endswith(".py"):
                found |= self.lookup(target.path, 0, name)
            elif not level:
                found.add(External(f"{star_module}.{name}"))
        return frozenset(found)

    def _bound(self, module: Module, scope: int, binding: Binding) -> Iterator[Atom]:
        if isinstance(binding, model.FunctionBinding):
            yield FunctionAtom(module.path, binding.position)
        elif isinstance(binding, model.ClassBinding):
            yield ClassAtom(module.path, binding.position)
        elif isinstance(binding, model.SelfBinding):
            yield InstanceAtom(module.path, binding.owner)
        elif isinstance(binding, model.ValueBinding):
            yield from self.values(binding.value, module.path, scope)
        elif isinstance(binding, model.ImportBinding):
            yield External(binding.qualified)
            yield ImportAtom(binding.qualified, module.path)
        elif isinstance(binding, model.RelativeImportBinding):
            level, name = binding.level, binding.name
            qualified = absolute(module.package, level, binding.module, name)
            if qualified is not None:
                yield External(qualified)
            yield RelativeImportAtom(module.path, level, binding.module, name)

    def concrete(self, atoms: Iterable[Atom]) -> FrozenSet[Concrete]:
        """The atoms with the project's imports followed: a module is loaded only when what
        an import names must be known (a registered function, a base class, a helper)."""
        found: Set[Concrete] = set()
        for atom in atoms:
            if isinstance(atom, (ImportAtom, RelativeImportAtom)):
                if atom not in self._imports:
                    self._imports[atom] = frozenset()  # an import cycle is nothing
                    if self._following < _MAX_DEPTH:
                        self._following += 1
                        try:
                            self._imports[atom] = self.concrete(self._follow(atom))
                        finally:
                            self._following -= 1
                found |= self._imports[atom]
            else:
                found.add(atom)
        return frozenset(found)

    def _follow(self, atom: Union[ImportAtom, RelativeImportAtom]) -> Iterator[Atom]:
        if isinstance(atom, ImportAtom):
            yield from self._imported(atom.qualified, atom.importer)
        else:
            target = self._relative_module(atom.importer, atom.level, atom.module)
            if target is not None:
                yield from self.member(target, atom.name)

    def _imported(self, qualified: str, importer: str) -> Iterator[Atom]:
        """A project module, or a name in one, that an absolute import names."""
        parts = qualified.split(".")
        for length in range(len(parts), 0, -1):
            found = self._absolute_module(".".join(parts[:length]), importer)
            if found is None:
                continue
            atoms: FrozenSet[Atom] = frozenset({found})
            for attribute in parts[length:]:
                atoms = frozenset(a for atom in atoms for a in self.member(atom, attribute))
            yield from atoms
            return

    def member(self, atom: Atom, name: str) -> Iterator[Atom]:
        """``atom.name``."""
        if isinstance(atom, External):
            yield External(f"{atom.name}.{name}")
        elif isinstance(atom, ImportAtom):
            if atom.qualified.count(".") < _MAX_DOTS:  # a module that imports itself: no deeper
                yield ImportAtom(f"{atom.qualified}.{name}", atom.importer)
        elif isinstance(atom, RelativeImportAtom):
            for resolved in self.concrete([atom]):
                yield from self.member(resolved, name)
        elif isinstance(atom, ModuleAtom):
            path = atom.path
            if path.endswith(".py"):
                yield from self.lookup(path, 0, name)
                if os.path.basename(path) == "__init__.py":
                    sub = self._module_at(os.path.join(os.path.dirname(path), name))
                    if sub is not None:
                        yield sub
            else:
                sub = self._module_at(os.path.join(path, name))
                if sub is not None:
                    yield sub
        elif isinstance(atom, (InstanceAtom, ClassAtom)):
            yield from self.class_member(atom.path, atom.position, name, set())

    def class_member(
        self, path: str, index: int, name: str, seen: Set[Tuple[str, int]]
    ) -> Iterator[Atom]:
        """``name`` looked up on the class at ``index`` of the module at ``path``, its
        bases included."""
        if (path, index) in seen:
            return
        seen.add((path, index))
        module = self.module(path)
        if module is None:
            return
        cls = module.summary.classes[index]
        method = cls.methods.get(name)
        if method is not None:
            yield FunctionAtom(path, method)
            return
        for assigned in cls.attributes.get(name, ()):
            yield from self.concrete(self.values(assigned.value, path, assigned.scope))
        if name in module.summary.scopes[cls.scope].bindings:
            yield from self.concrete(self.lookup(path, cls.scope, name))
        for base in self.bases(path, index):
            if isinstance(base, ClassAtom):
                yield from self.class_member(base.path, base.position, name, seen)

    def bases(self, path: str, index: int) -> FrozenSet[Atom]:
        module = self.module(path)
        if module is None:
            return _NOTHING
        cls = module.summary.classes[index]
        return frozenset(atom for base in cls.bases for atom in self.values(base, path, cls.outer))

    def _called(self, atom: Atom, call: model.Call, path: str, scope: int) -> Iterator[Atom]:
        """What calling ``atom`` returns, where it matters: a partial's function, an
        instance of a project class, what a project factory function returns."""
        if isinstance(atom, External) and atom.name in registry.PARTIALS and call.args:
            yield from self.values(call.args[0], path, scope)
        elif isinstance(atom, ClassAtom):
            yield InstanceAtom(atom.path, atom.position)
        elif isinstance(atom, FunctionAtom):
            function = self.function(atom.ref)
            if function is None:
                return
            for returned in function.returns:
                for found in self.values(returned, atom.path, function.scope):
                    if isinstance(found, (FunctionAtom, InstanceAtom)):
                        yield found

    def _item(self, base: Expr, key: Key, path: str, scope: int) -> FrozenSet[Atom]:
        """``base[key]``: the item of a dict or list literal, or anything in the container."""
        for literal in self._literals(base, path, scope, depth=0):
            if isinstance(literal, model.DictOf) and key is not None:
                matching = [value for item_key, value in literal.items if item_key == key]
                if matching:
                    return frozenset(a for v in matching for a in self.values(v, path, scope))
        return self.values(base, path, scope)

    def _literals(
        self, expr: Expr, path: str, scope: int, depth: int
    ) -> Iterator[Union[model.DictOf, model.ListOf]]:
        if isinstance(expr, (model.DictOf, model.ListOf)):
            yield expr
        elif isinstance(expr, Name) and depth < 4:
            found = self.bindings(path, scope, expr.name)
            if found is not None:
                where, bindings = found
                for binding in bindings:
                    if isinstance(binding, model.ValueBinding):
                        yield from self._literals(binding.value, path, where, depth + 1)

    # -- registrations -----------------------------------------------------------------------

    def external(self, expr: Expr, path: str, scope: int) -> FrozenSet[str]:
        """The library names an expression may be, through the module's own imports."""
        return frozenset(
            atom.name for atom in self.values(expr, path, scope) if isinstance(atom, External)
        )

    def matches(self, expr: Expr, path: str, scope: int, names: FrozenSet[str]) -> bool:
        """Is ``expr`` one of the library's ``names``, through this module's own imports?
        Every binding its name may have must be such an import: a module that imports
        LangChain's ``tool`` and then defines its own ``tool`` is not using LangChain's."""
        if not self._imported_only(expr, path, scope):
            return False
        found = self.external(expr, path, scope)
        return bool(found) and found <= names

    def _imported_only(self, expr: Expr, path: str, scope: int) -> bool:
        head = expr
        while isinstance(head, Attribute):
            head = head.value
        if not isinstance(head, Name) or self.module(path) is None:
            return False
        found = self.bindings(path, scope, head.name)
        if found is None:
            return True  # only star imports can bind it
        return all(
            isinstance(binding, (model.ImportBinding, model.RelativeImportBinding))
            for binding in found[1]
        )

    def bindings(self, path: str, scope: int, name: str) -> Optional[Tuple[int, Sequence[Binding]]]:
        """The scope that binds ``name`` as read in ``scope``, and its bindings there."""
        module = self.module(path)
        if module is None:
            return None
        scopes = module.summary.scopes
        current: Optional[int] = scope
        while current is not None:
            bindings = scopes[current].bindings.get(name)
            if bindings is not None:
                return current, bindings
            current = scopes[current].parent
        return None

    def built_by_another_library(self, expr: Expr, path: str, scope: int, library: str) -> bool:
        """Is ``expr`` a name bound only to what another library's callable built? After
        ``dag = nx.DiGraph()``, ``dag.add_node(...)`` is not LangGraph's, even in a module
        that imports LangGraph. A name we cannot follow may be LangGraph's."""
        found = self.bindings(path, scope, expr.name) if isinstance(expr, Name) else None
        if found is None:
            return False
        where, bindings = found
        for binding in bindings:
            if not isinstance(binding, model.ValueBinding):
                return False
            built = binding.value
            if not isinstance(built, model.Call) or not self._imported_only(
                built.callee, path, where
            ):
                return False
            names = self.external(built.callee, path, where)
            if not names or any(name.split(".")[0] == library for name in names):
                return False
        return True

    def functions_of(
        self, expr: Expr, path: str, scope: int, kind: TargetKind
    ) -> Iterator[FunctionRef]:
        """The functions an expression hands over: ``fn``, ``partial(fn)``, a list of them, a
        bound method, or a callable instance's ``__call__`` (for graph nodes)."""
        for atom in self.concrete(self.values(expr, path, scope)):
            if isinstance(atom, FunctionAtom):
                yield atom.ref
            elif isinstance(atom, InstanceAtom) and not kind.is_tool:
                for method in self.class_member(atom.path, atom.position, "__call__", set()):
                    if isinstance(method, FunctionAtom):
                        yield method.ref


def _in_project(atoms: Iterable[Atom]) -> Iterator[Atom]:
    """The atoms that are not library names."""
    return (atom for atom in atoms if not isinstance(atom, External))


def _common(root: str, path: str) -> str:
    try:
        return os.path.commonpath([root, path])
    except ValueError:
        return ""


def _arguments(site: Site, row: Registration) -> List[Expr]:
    keywords = site.keywords
    positional: List[Expr] = [arg for arg in site.args if not isinstance(arg, model.Starred)]
    picked: List[Expr] = [positional[i] for i in row.positional if i < len(positional)]
    if row.or_only_positional and len(positional) == 1:
        picked = positional[:1]
    picked += [keywords[name] for name in row.keywords if name in keywords]
    if row.any_keyword:
        picked += [value for name, value in keywords.items() if name != "**"]
    return picked


@dataclass
class Targets:
    """What the project pass found."""

    kinds: Dict[FunctionRef, TargetKind]
    #: Tools: whether they are given an explicit ``args_schema`` (None: cannot tell).
    schemas: Dict[FunctionRef, Optional[bool]]
    #: Targets made by a decorator: their name is bound to what the decorator returns.
    decorated: Set[FunctionRef]
    helpers: Dict[FunctionRef, HelperInfo]
    #: For each helper, the kind of a target whose path it is on.
    via: Dict[FunctionRef, TargetKind]
    #: For each target or helper: its helper calls.
    helper_calls: Dict[FunctionRef, List[Tuple[CallKey, HelperInfo]]]
    not_runnable: Dict[FunctionRef, List[CallKey]]
    agents: Dict[str, List[AgentCall]]


def find_targets(project: Project, modules: Iterable[Module]) -> Targets:
    """Every target registered, decorated or subclassed in ``modules``, and every helper on
    their paths (loading whatever modules that takes). A function registered twice keeps
    the kind of its definition (decorator, base class), else of its first registration."""
    kinds: Dict[FunctionRef, TargetKind] = {}
    schemas: Dict[FunctionRef, Optional[bool]] = {}
    agents: Dict[str, List[AgentCall]] = defaultdict(list)
    modules = list(modules)
    for module in modules:
        _definition_targets(project, module, kinds, schemas)
    for module in modules:
        _site_targets(project, module, kinds, schemas, agents)
    helpers = _Helpers(project, kinds)
    for target, kind in list(kinds.items()):
        helpers.visit(target, kind)
    decorated = {
        ref
        for ref, kind in kinds.items()
        if kind in (registry.TOOL, registry.RUNNABLE_LAMBDA, registry.ENTRYPOINT)
        and (function := project.function(ref)) is not None
        and function.decorators
    }
    return Targets(
        kinds,
        schemas,
        decorated,
        helpers.infos,
        helpers.via,
        helpers.calls,
        helpers.not_runnable,
        dict(agents),
    )


def _definition_targets(
    project: Project,
    module: Module,
    kinds: Dict[FunctionRef, TargetKind],
    schemas: Dict[FunctionRef, Optional[bool]],
) -> None:
    """Decorated functions, and the methods of subclasses (``BaseTool._arun``)."""
    summary = module.summary
    for index, function in enumerate(summary.functions):
        ref = FunctionRef(module.path, index)
        for decorator in function.decorators:
            called = decorator.callee if isinstance(decorator, model.Call) else decorator
            for row in registry.REGISTRATIONS:
                if (
                    row.form is Form.DECORATOR
                    and ref not in kinds
                    and project.matches(called, module.path, function.outer, row.names)
                ):
                    kinds[ref] = row.kind
                    schemas[ref] = (
                        isinstance(decorator, model.Call) and "args_schema" in decorator.keywords
                    )
    for index, cls in enumerate(summary.classes):
        for row in registry.REGISTRATIONS:
            if row.form is not Form.SUBCLASS:
                continue
            methods = [cls.methods[name] for name in row.methods if name in cls.methods]
            if methods and _derives(project, module.path, index, row.names, set()):
                schema = _class_schema(project, module.path, index, row.names, set())
                for method in methods:
                    ref = FunctionRef(module.path, method)
                    if ref not in kinds:
                        kinds[ref] = row.kind
                        schemas[ref] = schema


def _derives(
    project: Project, path: str, index: int, names: FrozenSet[str], seen: Set[Tuple[str, int]]
) -> bool:
    """Does the class derive from one of ``names``? A base imported from the library
    decides without loading the module it comes from; project bases are followed."""
    if (path, index) in seen:
        return False
    seen.add((path, index))
    bases = project.bases(path, index)
    if any(isinstance(atom, External) and atom.name in names for atom in bases):
        return True
    return any(
        isinstance(atom, ClassAtom) and _derives(project, atom.path, atom.position, names, seen)
        for atom in project.concrete(_in_project(bases))
    )


def _class_schema(
    project: Project, path: str, index: int, names: FrozenSet[str], seen: Set[Tuple[str, int]]
) -> Optional[bool]:
    """Does the class (or a project base) set ``args_schema``? None when a base we cannot
    see (a third-party tool class) may set it."""
    if (path, index) in seen:
        return False
    seen.add((path, index))
    module = project.module(path)
    if module is None:
        return None
    cls = module.summary.classes[index]
    if "args_schema" in module.summary.scopes[cls.scope].bindings:
        return True
    if "args_schema" in cls.attributes:
        return True
    bases = project.bases(path, index)
    library = {atom.name for atom in bases if isinstance(atom, External)}
    if library and library <= names:
        return False  # LangChain's own tool classes set no args_schema
    verdict: Optional[bool] = False
    project_bases = project.concrete(_in_project(bases))
    for atom in project_bases:
        if isinstance(atom, ClassAtom):
            inner = _class_schema(project, atom.path, atom.position, names, seen)
            if inner is None or inner:
                return inner
    if library - names and not any(isinstance(atom, ClassAtom) for atom in project_bases):
        verdict = None
    return verdict


def _site_targets(
    project: Project,
    module: Module,
    kinds: Dict[FunctionRef, TargetKind],
    schemas: Dict[FunctionRef, Optional[bool]],
    agents: Dict[str, List[AgentCall]],
) -> None:
    libraries = set(module.summary.libraries)
    for site in module.summary.sites:
        callee, scope = site.callee, site.scope
        if project.matches(callee, module.path, scope, registry.AGENT_FACTORIES):
            line, column, end_line, end_column = site.span
            text = dotted(callee) or describe(callee)
            agents[module.path].append(AgentCall((line, column), (end_line, end_column), text))
        for row in registry.REGISTRATIONS:
            if not _site_matches(project, module, site, row, libraries):
                continue
            schema = "args_schema" in site.keywords or (
                row.form is Form.DECORATOR_CALL
                and isinstance(callee, model.Call)
                and "args_schema" in callee.keywords
            )
            for argument in _arguments(site, row):
                for ref in project.functions_of(argument, module.path, scope, row.kind):
                    if ref not in kinds:
                        kinds[ref] = row.kind
                        schemas[ref] = schema


def _site_matches(
    project: Project,
    module: Module,
    site: Site,
    row: Registration,
    libraries: Set[str],
) -> bool:
    callee, scope = site.callee, site.scope
    if row.form is Form.METHOD:
        return (
            isinstance(callee, Attribute)
            and callee.attr in row.names
            and row.requires in libraries
            and not project.built_by_another_library(callee.value, module.path, scope, row.requires)
        )
    if row.form is Form.CALL:
        return project.matches(callee, module.path, scope, row.names)
    if row.form is Form.DECORATOR_CALL:
        return isinstance(callee, model.Call) and project.matches(
            callee.callee, module.path, scope, row.names
        )
    return False


class _Helpers:
    """Follows the project calls of targets to the helpers that make runnable calls."""

    def __init__(self, project: Project, kinds: Dict[FunctionRef, TargetKind]) -> None:
        self.project = project
        self.kinds = kinds
        self.infos: Dict[FunctionRef, HelperInfo] = {}
        self.calls: Dict[FunctionRef, List[Tuple[CallKey, HelperInfo]]] = {}
        self.not_runnable: Dict[FunctionRef, List[CallKey]] = {}
        self.via: Dict[FunctionRef, TargetKind] = {}
        self._inner: Dict[FunctionRef, Optional[str]] = {}
        self._visited: Set[FunctionRef] = set()

    def _family(self, ref: FunctionRef) -> List[FunctionRef]:
        """A target and its nested functions, except nested targets; a helper alone. A
        function a helper defines is not run by calling the helper (a builder of agents
        defines hooks and nodes), while a target's are, as far as we can tell."""
        module = self.project.module(ref.path)
        if module is None:
            return []
        if ref not in self.kinds:
            return [ref]
        functions = module.summary.functions
        found = [ref]
        last = functions[ref.position].last
        for index in range(ref.position + 1, len(functions)):
            if functions[index].first > last:
                break
            parent = functions[index].parent
            while (
                parent is not None
                and parent != ref.position
                and FunctionRef(ref.path, parent) not in self.kinds
            ):
                parent = functions[parent].parent
            nested = FunctionRef(ref.path, index)
            if parent == ref.position and nested not in self.kinds:
                found.append(nested)
        return found

    def _members(self, family: Iterable[FunctionRef]) -> Iterator[Tuple[FunctionRef, Function]]:
        """The functions of a family, with their records."""
        for member in family:
            function = self.project.function(member)
            if function is not None:
                yield member, function

    def inner(self, ref: FunctionRef, trail: FrozenSet[FunctionRef] = frozenset()) -> Optional[str]:
        """What the function runs without a config of its own: its first runnable call, or
        the first helper it calls that does; None when it runs nothing."""
        if ref in self._inner:
            return self._inner[ref]
        if ref in trail:
            return None
        found: Optional[str] = None
        ignored = set(self.ignored(ref))
        for _, function in self._members(self._family(ref)):
            for call in function.runnable:
                if call.key not in ignored:
                    found = found or call.text
        if found is None:
            for _, helper in self._callees(ref):
                if self.inner(helper, trail | {ref}) is not None:
                    found = f"{self._name(helper)}()"
                    break
        if not trail:
            self._inner[ref] = found
        return found

    def ignored(self, ref: FunctionRef) -> List[CallKey]:
        """Runnable-looking calls on project classes whose method takes no config."""
        if ref not in self.not_runnable:
            self.not_runnable[ref] = [
                call.key
                for member, function in self._members(self._family(ref))
                for call in function.runnable
                if self._not_a_runnable(call.receiver, member.path, call.scope, call.method)
            ]
        return self.not_runnable[ref]

    def _not_a_runnable(self, receiver: Expr, path: str, scope: int, method: str) -> bool:
        atoms = self.project.concrete(_in_project(self.project.values(receiver, path, scope)))
        instances = [atom for atom in atoms if isinstance(atom, InstanceAtom)]
        if not atoms or len(instances) != len(atoms):
            return False
        for atom in instances:
            defined = [
                found.ref
                for found in self.project.class_member(atom.path, atom.position, method, set())
                if isinstance(found, FunctionAtom)
            ]
            if not defined:
                return False
            function = self.project.function(defined[0])
            if function is None or any(
                param.name == "config" or param.kind is ParamKind.DOUBLE_STAR
                for param in function.params
            ):
                return False
        return True

    def _callees(self, ref: FunctionRef) -> Iterator[Tuple[CallKey, FunctionRef]]:
        """The project functions that aren't targets, called by the function's family."""
        family = self._family(ref)
        for member, function in self._members(family):
            for call in function.calls:
                atoms = self.project.values(call.callee, member.path, call.scope)
                for atom in self.project.concrete(_in_project(atoms)):
                    if isinstance(atom, FunctionAtom):
                        found = atom.ref
                        if found not in self.kinds and found not in family:
                            yield call.key, found

    def _name(self, ref: FunctionRef) -> str:
        function = self.project.function(ref)
        return function.name if function is not None else "?"

    def visit(self, ref: FunctionRef, via: TargetKind) -> None:
        """Record the helper calls of a target or helper, then visit those helpers."""
        if ref in self._visited:
            return
        self._visited.add(ref)
        self.ignored(ref)
        calls: List[Tuple[CallKey, HelperInfo]] = []
        for key, helper in self._callees(ref):
            inner = self.inner(helper)
            if inner is None:
                continue
            info = self.infos.get(helper)
            if info is None:
                function = self.project.function(helper)
                assert function is not None
                param, position = _config_param(function)
                info = HelperInfo(
                    path=helper.path,
                    key=function.key,
                    name=f"{function.name}()",
                    config_param=param,
                    config_index=position,
                    inner=inner,
                )
                self.infos[helper] = info
            calls.append((key, info))
            self.via.setdefault(helper, via)
            self.visit(helper, via)
        self.calls[ref] = calls


def _config_param(function: Function) -> Tuple[Optional[str], Optional[int]]:
    """A function's config parameter and its position among the positional ones a caller
    passes (``self`` not counted)."""
    positional = 0
    for index, param in enumerate(function.params):
        if index == 0 and function.owner is not None and param.name in ("self", "cls"):
            continue
        if param.kind.variadic:
            continue
        if (param.name == "config" and not function.settings_config) or (
            param.annotation is not None and "RunnableConfig" in param.annotation
        ):
            return param.name, positional if param.kind.positional else None
        if param.kind.positional:
            positional += 1
    return None, None


def needs_callers(project: Project, targets: Targets) -> List[FunctionRef]:
    """The targets a fix may give a required parameter (those that take no config) and
    that other modules can call by name: module-level functions, not decorated ones (their
    name is bound to LangChain's tool or runnable, which passes the config itself). A
    helper gets a defaulted parameter, which no caller notices."""
    found = []
    for ref in targets.kinds:
        if ref in targets.decorated:
            continue
        function = project.function(ref)
        if (
            function is not None
            and function.owner is None
            and function.parent is None
            and _config_param(function)[0] is None
            and _possible(project, ref, targets)
        ):
            found.append(ref)
    return found


def find_callers(
    project: Project, refs: Iterable[FunctionRef], paths: Iterable[str]
) -> Dict[FunctionRef, List[CallSite]]:
    """Where the modules at ``paths`` call one of ``refs`` directly, by its name."""
    wanted = set(refs)
    found: Dict[FunctionRef, List[CallSite]] = defaultdict(list)
    for path in paths:
        module = project.module(path)
        if module is None:
            continue
        summary = module.summary
        records: List[Tuple[Optional[int], model.NamedCall]] = [
            (None, call) for call in summary.calls
        ]
        records += [
            (index, call)
            for index, function in enumerate(summary.functions)
            for call in function.calls
        ]
        for inside, call in records:
            atoms = project.values(call.callee, module.path, call.scope)
            for atom in project.concrete(_in_project(atoms)):
                if not isinstance(atom, FunctionAtom):
                    continue
                ref = atom.ref
                if ref in wanted and (module.path, inside) != ref:
                    site = CallSite(module.path, call.line)
                    if site not in found[ref]:
                        found[ref].append(site)
    return dict(found)


def plans(
    project: Project,
    targets: Targets,
    callers: Dict[FunctionRef, List[CallSite]],
    root: str,
    all_functions: bool = False,
) -> Dict[str, FilePlan]:
    """What the analysis of each file with a target, a helper or an agent needs.

    A target that can hold no finding is left out (unless ``all_functions``): one that
    makes no runnable or helper call, and has no parameter a declaration rule reads (one
    named ``config`` or annotated with ``RunnableConfig``). LibCST then never parses it.
    """
    result: Dict[str, FilePlan] = {}

    def module_of(ref: FunctionRef) -> Module:
        module = project.module(ref.path)
        assert module is not None
        return module

    def plan_of(path: str) -> FilePlan:
        if path not in result:
            module = project.module(path)
            assert module is not None
            result[path] = FilePlan(path, module.package, module.summary)
        return result[path]

    def add(
        ref: FunctionRef,
        kind: TargetKind,
        schema: Optional[bool] = False,
        via: Optional[TargetKind] = None,
    ) -> None:
        summary = module_of(ref).summary
        function = summary.functions[ref.position]
        owner = None if function.owner is None else summary.classes[function.owner].name
        plan_of(ref.path).functions[function.key] = Planned(
            function.key,
            kind,
            owner,
            callers=tuple(
                CallSite(os.path.relpath(site.path, root), site.line)
                for site in callers.get(ref, ())
            ),
            helper_calls=tuple(targets.helper_calls.get(ref, ())),
            not_runnable=tuple(targets.not_runnable.get(ref, ())),
            schema=schema,
            via=via,
            # A target's `config` is what LangChain injects, whatever the body reads from it.
            settings_config=kind is registry.HELPER and function.settings_config,
            wrapped_by=_hiding_decorator(project, ref),
        )

    for ref, kind in targets.kinds.items():
        if all_functions or _possible(project, ref, targets):
            add(ref, kind, schema=targets.schemas.get(ref, False))
    for ref in targets.helpers:
        add(ref, registry.HELPER, via=targets.via.get(ref))
    for path, calls in targets.agents.items():
        plan_of(path).agents.extend(calls)
    return result


def _hiding_decorator(project: Project, ref: FunctionRef) -> Optional[str]:
    """The first decorator of the project that may hide the function's signature, as
    spelled; None when every one passes the call through. A library's decorator
    (``@traceable``, ``@retry(...)``) is taken to pass it through, as they do."""
    function = project.function(ref)
    assert function is not None
    for decorator in function.decorators:
        factory = isinstance(decorator, model.Call)
        named = decorator.callee if isinstance(decorator, model.Call) else decorator
        found = _functions(project, named, ref.path, function.outer)
        if any(not _passes_through(project, each, 2 if factory else 1) for each in found):
            return dotted(named) or describe(named)
    return None


def _functions(project: Project, expr: Expr, path: str, scope: int) -> List[FunctionRef]:
    """The project functions ``expr`` may be."""
    return [
        atom.ref
        for atom in project.concrete(project.values(expr, path, scope))
        if isinstance(atom, FunctionAtom)
    ]


def _passes_through(project: Project, ref: FunctionRef, depth: int) -> bool:
    """Does the decorator ``ref`` (a factory of decorators, at depth 2) give back what it
    was given, or a wrapper that passes everything on? False when we cannot tell."""
    function = project.function(ref)
    if function is None:
        return False
    params = {param.name for param in function.params}
    if not function.returns:
        return False
    for returned in function.returns:
        if depth == 1 and isinstance(returned, Name) and returned.name in params:
            continue  # it returns the function it was given
        wrappers = _functions(project, returned, ref.path, function.scope)
        if not wrappers:
            return False
        for wrapper in wrappers:
            if depth > 1:
                if not _passes_through(project, wrapper, depth - 1):
                    return False
                continue
            if not _forwarding_wrapper(project, wrapper):
                return False
    return True


def _forwarding_wrapper(project: Project, ref: FunctionRef) -> bool:
    """``@functools.wraps(fn)`` over ``(*args, **kwargs)``: LangChain reads the wrapped
    function's signature through ``__wrapped__``, and the wrapper passes the config on.
    Without ``wraps`` it reads the wrapper's, which names no ``config``."""
    function = project.function(ref)
    assert function is not None
    kinds = {param.kind for param in function.params}
    return {ParamKind.STAR, ParamKind.DOUBLE_STAR} <= kinds and any(
        isinstance(decorator, model.Call)
        and project.external(decorator.callee, ref.path, function.outer) & registry.WRAPS
        for decorator in function.decorators
    )


def _possible(project: Project, ref: FunctionRef, targets: Targets) -> bool:
    """Can the analysis find anything in this target? (A superset: it may say yes.)"""
    module = project.module(ref.path)
    if module is None:
        return False
    functions = module.summary.functions
    function = functions[ref.position]
    if any(param.takes_runnable_config for param in function.params):
        return True
    if targets.helper_calls.get(ref):
        return True
    for index in range(ref.position, len(functions)):
        member = functions[index]
        if member.first > function.last:
            break
        if member.runnable and (
            index == ref.position or FunctionRef(ref.path, index) not in targets.kinds
        ):
            return True
    return False
