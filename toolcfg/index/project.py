"""The project pass: which functions LangChain or LangGraph runs, across modules.

It is the only place that sees other modules, so it alone decides what a function *is*:
a target (a tool, a lambda, a node, a middleware hook...), a helper on a target's path, or
nothing. It works on module summaries (``summary.py``), loads modules on demand as names
lead to them, and evaluates the summaries' symbolic expressions to sets of *atoms*:

- ``("f", path, index)``: a function of the project; ``("C", path, index)``: a class;
  ``("o", path, index)``: an instance of that class;
- ``("m", path)``: a project module (a file, or a directory of a namespace package);
- ``("x", "a.b.c")``: a name as the module imports it, which is how registrations are
  recognised: through the module's own imports, so a CrewAI or FastMCP ``tool`` is never
  LangChain's.

Registration callees match the table in ``toolcfg.registry``; the functions they are handed
become targets of its kind. Helpers are the project functions a target calls that make
runnable calls themselves, at any depth, cycles included.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Optional,
    Set,
    Tuple,
)

from toolcfg import registry
from toolcfg.index.scopes import absolute
from toolcfg.index.summary import Expr, Summary, describe, dotted
from toolcfg.registry import Form, Registration, TargetKind

Atom = Tuple[Any, ...]
FunctionRef = Tuple[str, int]
#: A call, by where its called name starts: line and UTF-8 byte column.
CallKey = Tuple[int, int]

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


def _planned_text(planned: Planned) -> Tuple[Any, ...]:
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
        self._imports: Dict[Atom, FrozenSet[Atom]] = {}
        self._following = 0
        self._absolute: Dict[Tuple[str, str, int], Optional[Atom]] = {}
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

    def _module_at(self, base: str) -> Optional[Atom]:
        """The project module at ``base`` (a path without ``.py``): a file, a package, or a
        namespace directory."""
        if self._is_file(base + ".py"):
            return ("m", base + ".py")
        init = os.path.join(base, "__init__.py")
        if self._is_file(init):
            return ("m", init)
        if self._is_dir(base) and os.path.abspath(base).startswith(self.root):
            return ("m", base)
        return None

    def _absolute_module(self, dotted_name: str, importer: str) -> Optional[Atom]:
        """Where ``import a.b`` leads from ``importer``: its own source root first (where its
        top package sits), then the project's roots, then its own directory (a script)."""
        key = (dotted_name, importer, len(self._roots))
        if key not in self._absolute:
            self._absolute[key] = self._find_module(dotted_name, importer)
        return self._absolute[key]

    def _find_module(self, dotted_name: str, importer: str) -> Optional[Atom]:
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

    def _relative_module(self, importer: str, level: int, module: str) -> Optional[Atom]:
        base = os.path.dirname(importer)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        if not module:
            return ("m", base)
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
        kind = expr[0]
        if kind == "n":
            return self.lookup(path, scope, expr[1])
        if kind == "a":
            return frozenset(
                found
                for atom in self.values(expr[1], path, scope)
                for found in self.member(atom, expr[2])
            )
        if kind == "c":
            callee = self.values(expr[1], path, scope)
            externals = [atom for atom in callee if atom[0] == "x"]
            return frozenset(
                found
                for atom in [*externals, *self.concrete(a for a in callee if a[0] != "x")]
                for found in self._called(atom, expr, path, scope)
            )
        if kind in ("l", "+", "|"):
            items = expr[1] if kind == "l" else expr[1:]
            return frozenset(atom for item in items for atom in self.values(item, path, scope))
        if kind == "*":
            return self.values(expr[1], path, scope)
        if kind == "d":
            return frozenset(
                atom for _, value in expr[1] for atom in self.values(value, path, scope)
            )
        if kind == "s":
            return self._item(expr[1], expr[2], path, scope)
        return _NOTHING

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
        scopes = module.summary["scopes"]
        stars: List[List[Any]] = []
        while scope is not None:
            record = scopes[scope]
            if name in record["bindings"]:
                return frozenset(
                    atom
                    for raw in record["bindings"][name]
                    for atom in self._bound(module, scope, raw)
                )
            stars.extend(record["stars"])
            scope = record["parent"]
        found: Set[Atom] = set()
        for level, star_module in stars:
            target = (
                self._relative_module(module.path, level, star_module)
                if level
                else self._absolute_module(star_module, module.path)
            )
            if target is not None and target[1].endswith(".py"):
                found |= self.lookup(target[1], 0, name)
            elif not level:
                found.add(("x", f"{star_module}.{name}"))
        return frozenset(found)

    def _bound(self, module: Module, scope: int, raw: List[Any]) -> Iterator[Atom]:
        kind = raw[0]
        if kind == "f":
            yield ("f", module.path, raw[1])
        elif kind == "C":
            yield ("C", module.path, raw[1])
        elif kind == "self":
            yield ("o", module.path, raw[1])
        elif kind == "v":
            yield from self.values(raw[1], module.path, scope)
        elif kind == "i":
            yield ("x", raw[1])
            yield ("i", raw[1], module.path)
        elif kind == "r":
            qualified = absolute(module.package, raw[1], raw[2], raw[3])
            if qualified is not None:
                yield ("x", qualified)
            yield ("r", module.path, raw[1], raw[2], raw[3])

    def concrete(self, atoms: Iterable[Atom]) -> FrozenSet[Atom]:
        """The atoms with the project's imports followed: a module is loaded only when what
        an import names must be known (a registered function, a base class, a helper)."""
        found: Set[Atom] = set()
        for atom in atoms:
            if atom[0] in ("i", "r"):
                if atom not in self._imports:
                    self._imports[atom] = _NOTHING  # an import cycle is nothing
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

    def _follow(self, atom: Atom) -> Iterator[Atom]:
        if atom[0] == "i":
            yield from self._imported(atom[1], atom[2])
        else:
            _, importer, level, module, name = atom
            target = self._relative_module(importer, level, module)
            if target is not None:
                yield from self.member(target, name)

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
        kind = atom[0]
        if kind == "x":
            yield ("x", f"{atom[1]}.{name}")
        elif kind == "i":
            if atom[1].count(".") < _MAX_DOTS:  # a module that imports itself: no deeper
                yield ("i", f"{atom[1]}.{name}", atom[2])
        elif kind == "r":
            for resolved in self.concrete([atom]):
                yield from self.member(resolved, name)
        elif kind == "m":
            path = atom[1]
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
        elif kind in ("o", "C"):
            yield from self._class_member(atom[1], atom[2], name, set())

    def _class_member(
        self, path: str, index: int, name: str, seen: Set[FunctionRef]
    ) -> Iterator[Atom]:
        if (path, index) in seen:
            return
        seen.add((path, index))
        module = self.module(path)
        if module is None:
            return
        cls = module.summary["classes"][index]
        method = cls["methods"].get(name)
        if method is not None:
            yield ("f", path, method)
            return
        for value, scope in cls["attributes"].get(name, ()):
            yield from self.concrete(self.values(value, path, scope))
        if name in module.summary["scopes"][cls["scope"]]["bindings"]:
            yield from self.concrete(self.lookup(path, cls["scope"], name))
        for base in self.bases(path, index):
            if base[0] == "C":
                yield from self._class_member(base[1], base[2], name, seen)

    def bases(self, path: str, index: int) -> FrozenSet[Atom]:
        module = self.module(path)
        if module is None:
            return _NOTHING
        cls = module.summary["classes"][index]
        return frozenset(
            atom for base in cls["bases"] for atom in self.values(base, path, cls["outer"])
        )

    def _called(self, atom: Atom, call: Expr, path: str, scope: int) -> Iterator[Atom]:
        """What calling ``atom`` returns, where it matters: a partial's function, an
        instance of a project class, what a project factory function returns."""
        kind = atom[0]
        if kind == "x" and atom[1] in registry.PARTIALS and call[2]:
            yield from self.values(call[2][0], path, scope)
        elif kind == "C":
            yield ("o", atom[1], atom[2])
        elif kind == "f":
            module = self.module(atom[1])
            if module is None:
                return
            function = module.summary["functions"][atom[2]]
            for returned in function["returns"]:
                for found in self.values(returned, atom[1], function["scope"]):
                    if found[0] in ("f", "o"):
                        yield found

    def _item(self, base: Expr, key: Any, path: str, scope: int) -> FrozenSet[Atom]:
        """``base[key]``: the item of a dict or list literal, or anything in the container."""
        for literal in self._literals(base, path, scope, depth=0):
            if literal[0] == "d" and key is not None:
                matching = [value for item_key, value in literal[1] if item_key == key]
                if matching:
                    return frozenset(a for v in matching for a in self.values(v, path, scope))
        return self.values(base, path, scope)

    def _literals(self, expr: Expr, path: str, scope: int, depth: int) -> Iterator[Expr]:
        if expr[0] in ("d", "l"):
            yield expr
        elif expr[0] == "n" and depth < 4:
            module = self.module(path)
            scopes = module.summary["scopes"] if module is not None else []
            current: Optional[int] = scope
            while current is not None:
                bindings = scopes[current]["bindings"].get(expr[1])
                if bindings is not None:
                    for raw in bindings:
                        if raw[0] == "v":
                            yield from self._literals(raw[1], path, current, depth + 1)
                    return
                current = scopes[current]["parent"]

    # -- registrations -----------------------------------------------------------------------

    def external(self, expr: Expr, path: str, scope: int) -> FrozenSet[str]:
        """The library names an expression may be, through the module's own imports."""
        return frozenset(atom[1] for atom in self.values(expr, path, scope) if atom[0] == "x")

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
        while head[0] == "a":
            head = head[1]
        if head[0] != "n" or self.module(path) is None:
            return False
        found = self._bindings(path, scope, head[1])
        if found is None:
            return True  # only star imports can bind it
        return all(raw[0] in ("i", "r") for raw in found[1])

    def _bindings(self, path: str, scope: int, name: str) -> Optional[Tuple[int, List[Any]]]:
        """The scope that binds ``name`` as read in ``scope``, and its bindings there."""
        module = self.module(path)
        if module is None:
            return None
        scopes = module.summary["scopes"]
        current: Optional[int] = scope
        while current is not None:
            bindings = scopes[current]["bindings"].get(name)
            if bindings is not None:
                return current, bindings
            current = scopes[current]["parent"]
        return None

    def built_by_another_library(self, expr: Expr, path: str, scope: int, library: str) -> bool:
        """Is ``expr`` a name bound only to what another library's callable built? After
        ``dag = nx.DiGraph()``, ``dag.add_node(...)`` is not LangGraph's, even in a module
        that imports LangGraph. A name we cannot follow may be LangGraph's."""
        found = self._bindings(path, scope, expr[1]) if expr[0] == "n" else None
        if found is None:
            return False
        where, bindings = found
        for raw in bindings:
            if raw[0] != "v" or raw[1][0] != "c" or not self._imported_only(raw[1][1], path, where):
                return False
            names = self.external(raw[1][1], path, where)
            if not names or any(name.split(".")[0] == library for name in names):
                return False
        return True

    def functions_of(
        self, expr: Expr, path: str, scope: int, kind: TargetKind
    ) -> Iterator[FunctionRef]:
        """The functions an expression hands over: ``fn``, ``partial(fn)``, a list of them, a
        bound method, or a callable instance's ``__call__`` (for graph nodes)."""
        for atom in self.concrete(self.values(expr, path, scope)):
            if atom[0] == "f":
                yield atom[1], atom[2]
            elif atom[0] == "o" and not kind.is_tool:
                for method in self._class_member(atom[1], atom[2], "__call__", set()):
                    if method[0] == "f":
                        yield method[1], method[2]


def _common(root: str, path: str) -> str:
    try:
        return os.path.commonpath([root, path])
    except ValueError:
        return ""


def _arguments(site: Dict[str, Any], row: Registration) -> List[Expr]:
    args, keywords = site["args"], site["keywords"]
    positional = [arg for arg in args if arg[0] != "*"]
    picked = [positional[i] for i in row.positional if i < len(positional)]
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
        for ref in kinds
        if (defining := project.module(ref[0])) is not None
        and defining.summary["functions"][ref[1]]["decorators"]
        and kinds[ref] in (registry.TOOL, registry.RUNNABLE_LAMBDA, registry.ENTRYPOINT)
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
    for index, function in enumerate(summary["functions"]):
        for decorator in function["decorators"]:
            called = decorator[1] if decorator[0] == "c" else decorator
            for row in registry.REGISTRATIONS:
                if (
                    row.form is Form.DECORATOR
                    and (module.path, index) not in kinds
                    and project.matches(called, module.path, function["outer"], row.names)
                ):
                    kinds[(module.path, index)] = row.kind
                    schemas[(module.path, index)] = (
                        decorator[0] == "c" and "args_schema" in decorator[3]
                    )
    for index, cls in enumerate(summary["classes"]):
        for row in registry.REGISTRATIONS:
            if row.form is not Form.SUBCLASS:
                continue
            methods = [cls["methods"][name] for name in row.methods if name in cls["methods"]]
            if methods and _derives(project, module.path, index, row.names, set()):
                schema = _class_schema(project, module.path, index, row.names, set())
                for method in methods:
                    if (module.path, method) not in kinds:
                        kinds[(module.path, method)] = row.kind
                        schemas[(module.path, method)] = schema


def _derives(
    project: Project, path: str, index: int, names: FrozenSet[str], seen: Set[FunctionRef]
) -> bool:
    """Does the class derive from one of ``names``? A base imported from the library
    decides without loading the module it comes from; project bases are followed."""
    if (path, index) in seen:
        return False
    seen.add((path, index))
    bases = project.bases(path, index)
    if any(atom[0] == "x" and atom[1] in names for atom in bases):
        return True
    return any(
        atom[0] == "C" and _derives(project, atom[1], atom[2], names, seen)
        for atom in project.concrete(a for a in bases if a[0] != "x")
    )


def _class_schema(
    project: Project, path: str, index: int, names: FrozenSet[str], seen: Set[FunctionRef]
) -> Optional[bool]:
    """Does the class (or a project base) set ``args_schema``? None when a base we cannot
    see (a third-party tool class) may set it."""
    if (path, index) in seen:
        return False
    seen.add((path, index))
    module = project.module(path)
    if module is None:
        return None
    cls = module.summary["classes"][index]
    if "args_schema" in module.summary["scopes"][cls["scope"]]["bindings"]:
        return True
    if "args_schema" in cls["attributes"]:
        return True
    bases = project.bases(path, index)
    library = {atom[1] for atom in bases if atom[0] == "x"}
    if library and library <= names:
        return False  # LangChain's own tool classes set no args_schema
    verdict: Optional[bool] = False
    for atom in project.concrete(a for a in bases if a[0] != "x"):
        if atom[0] == "C":
            inner = _class_schema(project, atom[1], atom[2], names, seen)
            if inner is None or inner:
                return inner
    if library - names and not any(
        a[0] == "C" for a in project.concrete(a for a in bases if a[0] != "x")
    ):
        verdict = None
    return verdict


def _site_targets(
    project: Project,
    module: Module,
    kinds: Dict[FunctionRef, TargetKind],
    schemas: Dict[FunctionRef, Optional[bool]],
    agents: Dict[str, List[AgentCall]],
) -> None:
    libraries = set(module.summary["libraries"])
    for site in module.summary["sites"]:
        callee, scope = site["callee"], site["scope"]
        if project.matches(callee, module.path, scope, registry.AGENT_FACTORIES):
            line, column, end_line, end_column = site["at"]
            text = dotted(callee) or describe(callee)
            agents[module.path].append(AgentCall((line, column), (end_line, end_column), text))
        for row in registry.REGISTRATIONS:
            if not _site_matches(project, module, site, row, libraries):
                continue
            keywords = dict(site["keywords"])
            if row.form is Form.DECORATOR_CALL:
                keywords.update(callee[3])
            schema = "args_schema" in keywords
            for argument in _arguments(site, row):
                for ref in project.functions_of(argument, module.path, scope, row.kind):
                    if ref not in kinds:
                        kinds[ref] = row.kind
                        schemas[ref] = schema


def _site_matches(
    project: Project,
    module: Module,
    site: Dict[str, Any],
    row: Registration,
    libraries: Set[str],
) -> bool:
    callee, scope = site["callee"], site["scope"]
    if row.form is Form.METHOD:
        return (
            callee[0] == "a"
            and callee[2] in row.names
            and row.requires in libraries
            and not project.built_by_another_library(callee[1], module.path, scope, row.requires)
        )
    if row.form is Form.CALL:
        return project.matches(callee, module.path, scope, row.names)
    if row.form is Form.DECORATOR_CALL:
        return callee[0] == "c" and project.matches(callee[1], module.path, scope, row.names)
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

    def _function(self, ref: FunctionRef) -> Optional[Dict[str, Any]]:
        module = self.project.module(ref[0])
        return None if module is None else module.summary["functions"][ref[1]]

    def _family(self, ref: FunctionRef) -> List[FunctionRef]:
        """A target and its nested functions, except nested targets; a helper alone. A
        function a helper defines is not run by calling the helper (a builder of agents
        defines hooks and nodes), while a target's are, as far as we can tell."""
        module = self.project.module(ref[0])
        if module is None:
            return []
        if ref not in self.kinds:
            return [ref]
        functions = module.summary["functions"]
        found = [ref]
        last = functions[ref[1]]["lines"][2]
        for index in range(ref[1] + 1, len(functions)):
            if functions[index]["lines"][0] > last:
                break
            parent = functions[index]["parent"]
            while parent is not None and parent != ref[1] and (ref[0], parent) not in self.kinds:
                parent = functions[parent]["parent"]
            if parent == ref[1] and (ref[0], index) not in self.kinds:
                found.append((ref[0], index))
        return found

    def inner(self, ref: FunctionRef, trail: FrozenSet[FunctionRef] = frozenset()) -> Optional[str]:
        """What the function runs without a config of its own: its first runnable call, or
        the first helper it calls that does; None when it runs nothing."""
        if ref in self._inner:
            return self._inner[ref]
        if ref in trail:
            return None
        found: Optional[str] = None
        ignored = set(self.ignored(ref))
        for member in self._family(ref):
            function = self._function(member)
            if function is None:
                continue
            for line, column, method, receiver_text, _, _ in function["runnable"]:
                if (line, column) not in ignored:
                    found = found or f"{receiver_text}.{method}()"
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
            found = []
            for member in self._family(ref):
                function = self._function(member)
                if function is None:
                    continue
                for line, column, method, _, receiver, scope in function["runnable"]:
                    if self._not_a_runnable(receiver, member[0], scope, method):
                        found.append((line, column))
            self.not_runnable[ref] = found
        return self.not_runnable[ref]

    def _not_a_runnable(self, receiver: Expr, path: str, scope: int, method: str) -> bool:
        atoms = self.project.concrete(
            a for a in self.project.values(receiver, path, scope) if a[0] != "x"
        )
        if not atoms or any(atom[0] != "o" for atom in atoms):
            return False
        for atom in atoms:
            defined = [
                found
                for found in self.project._class_member(atom[1], atom[2], method, set())
                if found[0] == "f"
            ]
            if not defined:
                return False
            params = self._function((defined[0][1], defined[0][2]))
            if params is None or any(
                name == "config" or kind == "kwstar" for name, kind, _, _ in params["params"]
            ):
                return False
        return True

    def _callees(self, ref: FunctionRef) -> Iterator[Tuple[CallKey, FunctionRef]]:
        """The project functions that aren't targets, called by the function's family."""
        family = self._family(ref)
        for member in family:
            function = self._function(member)
            if function is None:
                continue
            for line, column, _, callee, scope, _, _ in function["calls"]:
                atoms = self.project.values(callee, member[0], scope)
                for atom in self.project.concrete(a for a in atoms if a[0] != "x"):
                    found = (atom[1], atom[2]) if atom[0] == "f" else None
                    if found is not None and found not in self.kinds and found not in family:
                        yield (line, column), found

    def _name(self, ref: FunctionRef) -> str:
        function = self._function(ref)
        return function["name"] if function is not None else "?"

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
                function = self._function(helper)
                assert function is not None
                param, position = _config_param(function)
                info = HelperInfo(
                    path=helper[0],
                    key=function["key"],
                    name=f"{function['name']}()",
                    config_param=param,
                    config_index=position,
                    inner=inner,
                )
                self.infos[helper] = info
            calls.append((key, info))
            self.via.setdefault(helper, via)
            self.visit(helper, via)
        self.calls[ref] = calls


def _config_param(function: Dict[str, Any]) -> Tuple[Optional[str], Optional[int]]:
    """A function's config parameter and its position among the positional ones a caller
    passes (``self`` not counted)."""
    positional = 0
    for index, (name, kind, annotation, _) in enumerate(function["params"]):
        if index == 0 and function["owner"] is not None and name in ("self", "cls"):
            continue
        if kind in ("star", "kwstar"):
            continue
        if (name == "config" and not function.get("settings_config")) or (
            annotation is not None and "RunnableConfig" in annotation
        ):
            return name, positional if kind in ("posonly", "pos") else None
        if kind in ("posonly", "pos"):
            positional += 1
    return None, None


def needs_callers(project: Project, targets: Targets) -> List[FunctionRef]:
    """The targets a fix may give a required parameter (those that take no config) and
    that other modules can call by name: module-level functions, not decorated ones (their
    name is bound to LangChain's tool or runnable, which passes the config itself). A
    helper gets a defaulted parameter, which no caller notices."""
    found = []
    for ref in targets.kinds:
        module = project.module(ref[0])
        if module is None or ref in targets.decorated:
            continue
        function = module.summary["functions"][ref[1]]
        if (
            function["owner"] is None
            and function["parent"] is None
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
        records = [(None, record) for record in summary["calls"]] + [
            (index, record)
            for index, function in enumerate(summary["functions"])
            for record in function["calls"]
        ]
        for inside, (line, _, _, callee, scope, _, _) in records:
            atoms = project.values(callee, module.path, scope)
            for atom in project.concrete(a for a in atoms if a[0] != "x"):
                ref = (atom[1], atom[2]) if atom[0] == "f" else None
                if ref in wanted and (module.path, inside) != ref:
                    site = CallSite(module.path, line)
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

    def plan_of(path: str) -> FilePlan:
        if path not in result:
            module = project.module(path)
            assert module is not None
            result[path] = FilePlan(path, module.package, module.summary)
        return result[path]

    def sites(ref: FunctionRef) -> Tuple[CallSite, ...]:
        return tuple(
            CallSite(os.path.relpath(site.path, root), site.line) for site in callers.get(ref, ())
        )

    def owner(ref: FunctionRef) -> Optional[str]:
        module = project.module(ref[0])
        assert module is not None
        index = module.summary["functions"][ref[1]]["owner"]
        return None if index is None else str(module.summary["classes"][index]["name"])

    def add(ref: FunctionRef, kind: TargetKind, **extra: Any) -> None:
        module = project.module(ref[0])
        assert module is not None
        function = module.summary["functions"][ref[1]]
        plan_of(ref[0]).functions[function["key"]] = Planned(
            function["key"],
            kind,
            owner(ref),
            callers=sites(ref),
            helper_calls=tuple(targets.helper_calls.get(ref, ())),
            not_runnable=tuple(targets.not_runnable.get(ref, ())),
            # A target's `config` is what LangChain injects, whatever the body reads from it.
            settings_config=kind is registry.HELPER and bool(function.get("settings_config")),
            wrapped_by=_hiding_decorator(project, ref),
            **extra,
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
    module = project.module(ref[0])
    assert module is not None
    function = module.summary["functions"][ref[1]]
    for decorator in function["decorators"]:
        factory = decorator[0] == "c"
        named = decorator[1] if factory else decorator
        found = [
            atom
            for atom in project.concrete(project.values(named, ref[0], function["outer"]))
            if atom[0] == "f"
        ]
        if any(not _passes_through(project, (a[1], a[2]), 2 if factory else 1) for a in found):
            return dotted(named) or describe(named)
    return None


def _passes_through(project: Project, ref: FunctionRef, depth: int) -> bool:
    """Does the decorator ``ref`` (a factory of decorators, at depth 2) give back what it
    was given, or a wrapper that passes everything on? False when we cannot tell."""
    module = project.module(ref[0])
    if module is None:
        return False
    function = module.summary["functions"][ref[1]]
    params = {name for name, *_ in function["params"]}
    if not function["returns"]:
        return False
    for returned in function["returns"]:
        if depth == 1 and returned[0] == "n" and returned[1] in params:
            continue  # it returns the function it was given
        wrappers = [
            atom
            for atom in project.concrete(project.values(returned, ref[0], function["scope"]))
            if atom[0] == "f"
        ]
        if not wrappers:
            return False
        for wrapper in wrappers:
            inner = (wrapper[1], wrapper[2])
            if depth > 1:
                if not _passes_through(project, inner, depth - 1):
                    return False
                continue
            if not _forwarding_wrapper(project, inner):
                return False
    return True


def _forwarding_wrapper(project: Project, ref: FunctionRef) -> bool:
    """``@functools.wraps(fn)`` over ``(*args, **kwargs)``: LangChain reads the wrapped
    function's signature through ``__wrapped__``, and the wrapper passes the config on.
    Without ``wraps`` it reads the wrapper's, which names no ``config``."""
    module = project.module(ref[0])
    assert module is not None
    function = module.summary["functions"][ref[1]]
    kinds = {kind for _, kind, *_ in function["params"]}
    return {"star", "kwstar"} <= kinds and any(
        decorator[0] == "c"
        and project.external(decorator[1], ref[0], function["outer"]) & registry.WRAPS
        for decorator in function["decorators"]
    )


def _possible(project: Project, ref: FunctionRef, targets: Targets) -> bool:
    """Can the analysis find anything in this target? (A superset: it may say yes.)"""
    module = project.module(ref[0])
    if module is None:
        return False
    functions = module.summary["functions"]
    function = functions[ref[1]]
    if any(
        name == "config" or (annotation is not None and "RunnableConfig" in annotation)
        for name, _, annotation, _ in function["params"]
    ):
        return True
    if targets.helper_calls.get(ref):
        return True
    last = function["lines"][2]
    for index in range(ref[1], len(functions)):
        member = functions[index]
        if member["lines"][0] > last:
            break
        if member["runnable"] and (index == ref[1] or (ref[0], index) not in targets.kinds):
            return True
    return False
