"""What the project's names mean: summaries' expressions evaluated, across modules, to
sets of *atoms* (``atoms.py``).

Evaluation loads modules only as names lead to them, follows imports only when what they
name must be known (``concrete``), and memoises everything for the run.
"""

from __future__ import annotations

import os
from typing import (
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
)

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.atoms import (
    Atom,
    ClassAtom,
    Concrete,
    External,
    FunctionAtom,
    ImportAtom,
    InstanceAtom,
    LambdaAtom,
    ModuleAtom,
    RelativeImportAtom,
    in_project,
)
from toolcfg.index.model import Attribute, Binding, Expr, Key, Name
from toolcfg.index.modules import FunctionRef, Loader, Module, Modules
from toolcfg.index.scopes import absolute

_NOTHING: FrozenSet[Atom] = frozenset()
#: How deep evaluation may nest: far beyond any real chain of aliases and factories.
_MAX_DEPTH = 200
#: How long an imported dotted name may grow by attribute access.
_MAX_DOTS = 16


class Project(Modules):
    """The modules of one project, and what their names mean."""

    def __init__(
        self, root: str, load: Loader, is_file: Callable[[str], bool] = os.path.isfile
    ) -> None:
        super().__init__(root, load, is_file)
        self._names: Dict[Tuple[str, int, str], FrozenSet[Atom]] = {}
        self._active: Set[Tuple[str, int, str]] = set()
        self._values: Dict[Tuple[str, int, int], FrozenSet[Atom]] = {}
        self._evaluating: Set[Tuple[str, int, int]] = set()
        self._imports: Dict[Atom, FrozenSet[Concrete]] = {}
        self._following = 0
        self._bodies: Dict[str, Dict[int, int]] = {}

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
                for atom in [*externals, *self.concrete(in_project(callee))]
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
            return self.items(expr.value, (expr.key,), path, scope)
        elif isinstance(expr, model.Lambda):
            return frozenset({LambdaAtom(path, scope, expr.body)})
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
                self.relative_module(module.path, level, star_module)
                if level
                else self.absolute_module(star_module, module.path)
            )
            if target is not None and target.endswith(".py"):
                found |= self.lookup(target, 0, name)
            elif not level:
                found.add(External(f"{star_module}.{name}"))
        return frozenset(found)

    def _bound(self, module: Module, scope: int, binding: Binding) -> Iterator[Atom]:
        # The commonest kinds first: assignments, then imports.
        if isinstance(binding, model.ValueBinding):
            yield from self.values(binding.value, module.path, scope)
        elif isinstance(binding, model.ImportBinding):
            yield External(binding.qualified)
            yield ImportAtom(binding.qualified, module.path)
        elif isinstance(binding, model.ParameterBinding):
            yield from self._annotated(binding.annotation, module.path, scope)
        elif isinstance(binding, model.FunctionBinding):
            yield FunctionAtom(module.path, binding.position)
        elif isinstance(binding, model.ClassBinding):
            yield ClassAtom(module.path, binding.position)
        elif isinstance(binding, model.SelfBinding):
            yield InstanceAtom(module.path, binding.owner)
        elif isinstance(binding, model.RelativeImportBinding):
            level, name = binding.level, binding.name
            qualified = absolute(module.package, level, binding.module, name)
            if qualified is not None:
                yield External(qualified)
            yield RelativeImportAtom(module.path, level, binding.module, name)

    def _annotated(self, annotation: Expr, path: str, scope: int) -> Iterator[Atom]:
        """A parameter (or a field) annotated with a project class is an instance of it:
        ``agent: VizAgent`` makes ``agent.invoke_messages`` that class's method."""
        if isinstance(annotation, model.Unknown):
            return
        for atom in self.concrete(in_project(self.values(annotation, path, scope))):
            if isinstance(atom, ClassAtom):
                yield InstanceAtom(atom.path, atom.position)

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
            target = _module(self.relative_module(atom.importer, atom.level, atom.module))
            if target is not None:
                yield from self.member(target, atom.name)

    def _imported(self, qualified: str, importer: str) -> Iterator[Atom]:
        """A project module, or a name in one, that an absolute import names.

        ``from pkg import name`` (and ``import pkg.name as x``) binds the package's
        attribute ``name`` once its ``__init__`` has run, and a submodule only where the
        package binds nothing of that name: a package that re-exports the function of its
        submodule ``pkg/name.py`` binds the function over the submodule."""
        parts = qualified.split(".")
        for length in range(len(parts), 0, -1):
            found = _module(self.absolute_module(".".join(parts[:length]), importer))
            if found is None:
                continue
            if length == len(parts) > 1:
                bound = self._bound_by_package(parts, importer)
                if bound:
                    yield from bound
                    return
            atoms: FrozenSet[Atom] = frozenset({found})
            for attribute in parts[length:]:
                atoms = frozenset(a for atom in atoms for a in self.member(atom, attribute))
            yield from atoms
            return

    def _bound_by_package(self, parts: Sequence[str], importer: str) -> FrozenSet[Atom]:
        """What the package ``parts[:-1]`` binds to the name ``parts[-1]`` in its
        ``__init__``, if it binds it there."""
        package = self.absolute_module(".".join(parts[:-1]), importer)
        if package is None or os.path.basename(package) != "__init__.py":
            return _NOTHING
        module = self.module(package)
        if module is None or parts[-1] not in module.summary.scopes[0].bindings:
            return _NOTHING
        return self.lookup(package, 0, parts[-1])

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
                    sub = _module(self.module_at(os.path.join(os.path.dirname(path), name)))
                    if sub is not None:
                        yield sub
            else:
                sub = _module(self.module_at(os.path.join(path, name)))
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
        else:
            yield from self.called(atom)

    def called(self, atom: Atom) -> Iterator[Atom]:
        """What calling a project function, class or lambda returns, where it matters: a
        function (a factory's node) or an instance."""
        if isinstance(atom, ClassAtom):
            yield InstanceAtom(atom.path, atom.position)
        elif isinstance(atom, FunctionAtom):
            function = self.function(atom.ref)
            if function is None:
                return
            for returned in function.returns:
                for found in self.values(returned, atom.path, function.scope):
                    if isinstance(found, (FunctionAtom, InstanceAtom)):
                        yield found
        elif isinstance(atom, LambdaAtom):
            for found in self.concrete(self.values(atom.body, atom.path, atom.scope)):
                if isinstance(found, (FunctionAtom, InstanceAtom)):
                    yield found

    def items(self, base: Expr, keys: Sequence[Key], path: str, scope: int) -> FrozenSet[Atom]:
        """``base[k1][k2]...``: the items of dict literals at those keys, or anything in
        the container where a key is not a constant (None) or not found."""
        if not keys:
            return self.values(base, path, scope)
        key, rest = keys[0], keys[1:]
        if key is not None:
            for literal in self._literals(base, path, scope, depth=0):
                if isinstance(literal, model.DictOf):
                    matching = [value for item_key, value in literal.items if item_key == key]
                    if matching:
                        return frozenset(
                            atom
                            for value in matching
                            for atom in self.items(value, rest, path, scope)
                        )
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

    def function_refs(self, expr: Expr, path: str, scope: int) -> List[FunctionRef]:
        """The project functions ``expr`` may be, imports followed."""
        atoms = self.concrete(in_project(self.values(expr, path, scope)))
        return [atom.ref for atom in atoms if isinstance(atom, FunctionAtom)]

    def external(self, expr: Expr, path: str, scope: int) -> FrozenSet[str]:
        """The library names an expression may be, through the module's own imports."""
        return frozenset(
            atom.name for atom in self.values(expr, path, scope) if isinstance(atom, External)
        )

    def function_at(self, path: str, scope: int) -> Optional[int]:
        """The function whose body is ``scope``, if it is one's."""
        bodies = self._bodies.get(path)
        if bodies is None:
            module = self.module(path)
            functions = module.summary.functions if module is not None else ()
            bodies = self._bodies[path] = {f.scope: i for i, f in enumerate(functions)}
        return bodies.get(scope)

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


def _module(path: Optional[str]) -> Optional[ModuleAtom]:
    return None if path is None else ModuleAtom(path)
