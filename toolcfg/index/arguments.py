"""Registrations handed in: a project function that registers what its callers pass it.

``build_graph(node_functions={"recommend": recommend})``, and inside ``build_graph``
``g.add_node(name, node_functions[name])`` or ``for name, fn in node_functions.items():
g.add_node(name, fn)``: the node is whatever a caller passes. A registration's argument
drawn from a parameter of the function that makes it (``registrations.Handed``) is followed
to the calls of that function anywhere in the project, and what each call passes there is
evaluated where the call is, at the keys the registration takes it.

The calls are found as direct callers are: one search of the project's files for the
functions' names (``Search``, which the pipeline makes from the files' bytes), then the
summaries of the files that spell one. A caller that passes on a parameter of its own is
followed the same way, up to ``_MAX_ROUNDS`` calls away.
"""

from __future__ import annotations

from typing import (
    Callable,
    Collection,
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from toolcfg import registry
from toolcfg.index.atoms import ClassAtom, FunctionAtom, in_project
from toolcfg.index.drawn import drawn_from
from toolcfg.index.helpers import param_position
from toolcfg.index.model import Expr, Function, NamedCall, ScopeKind, Starred, dotted
from toolcfg.index.modules import FunctionRef
from toolcfg.index.registrations import Handed, Runs, functions_in
from toolcfg.index.resolve import Project
from toolcfg.registry import TargetKind

#: The paths of the project's files that may call one of these names.
Search = Callable[[Collection[str]], Iterable[str]]

#: How many calls away a registration's argument is followed: a helper's caller, the
#: caller's caller... Real wrappers stop at two.
_MAX_ROUNDS = 3
#: Functions named like a registration are the library's own (``add_sequence``,
#: ``create_react_agent`` in a copy of LangGraph): the table knows what they register.
_REGISTERING = registry.words()


def handed_targets(
    project: Project,
    handed: Sequence[Handed],
    kinds: Dict[FunctionRef, TargetKind],
    schemas: Dict[FunctionRef, Optional[bool]],
    runs: Runs,
    search: Optional[Search],
) -> None:
    """Register what the callers of the functions in ``handed`` pass where those
    functions register their parameters, each run as the registration in the function
    runs it. Without ``search``, only the modules loaded so far are searched."""
    calls = _Calls(project, search)
    seen: Set[Handed] = set()
    pending = list(dict.fromkeys(handed))
    for _ in range(_MAX_ROUNDS):
        pending = [each for each in pending if each not in seen]
        if not pending:
            return
        seen.update(pending)
        calls.find({each.drawn.function for each in pending})
        following: List[Handed] = []
        for each in pending:
            drawn = each.drawn
            function = project.function(drawn.function)
            if function is None:
                continue
            for path, call in calls.of(drawn.function):
                argument = passed(call, function, drawn.param)
                if argument is None:
                    continue
                atoms = project.items(argument, drawn.keys, path, call.scope)
                for ref in functions_in(project, atoms, each.kind):
                    if ref not in kinds:
                        kinds[ref] = each.kind
                        schemas[ref] = each.schema
                    runs.setdefault(ref, []).append(each.registered)
                for deeper in drawn_from(project, argument, path, call.scope):
                    keys = deeper.keys + drawn.keys
                    following.append(each._replace(drawn=deeper._replace(keys=keys)))
        pending = following


def passed(call: NamedCall, function: Function, param: str) -> Optional[Expr]:
    """What ``call`` passes ``function``'s parameter ``param``: by its name, or at its
    position (a method's ``self`` not counted). Nothing past a ``*args`` is known."""
    if param in call.keywords:
        return call.keywords[param]
    position = param_position(function, param)
    if position is None or position >= len(call.args):
        return None
    before = call.args[: position + 1]
    return None if any(isinstance(arg, Starred) for arg in before) else call.args[position]


class _Calls:
    """The calls of project functions, found on demand with one search a round."""

    def __init__(self, project: Project, search: Optional[Search]) -> None:
        self.project = project
        self.search = search
        self.sites: Dict[FunctionRef, List[Tuple[str, NamedCall]]] = {}

    def of(self, ref: FunctionRef) -> List[Tuple[str, NamedCall]]:
        return self.sites.get(ref, [])

    def find(self, refs: Collection[FunctionRef]) -> None:
        """Find the calls of ``refs`` not searched for yet: a function by its name, a
        class's ``__init__`` by the class's; in its own module only, for a function or
        class defined inside a function, whose name is bound nowhere else."""
        everywhere: Dict[str, Set[FunctionRef]] = {}
        nested: Dict[str, Dict[str, Set[FunctionRef]]] = {}
        for ref in refs:
            if ref in self.sites:
                continue
            self.sites[ref] = []
            called = self._called_as(ref)
            if called is not None:
                name, local = called
                wanted = nested.setdefault(ref.path, {}) if local else everywhere
                wanted.setdefault(name, set()).add(ref)
        for path, names in nested.items():
            self._collect(path, names)
        if everywhere:
            paths = (
                self.search(everywhere)
                if self.search is not None
                else [module.path for module in self.project.loaded()]
            )
            for path in paths:
                self._collect(path, everywhere)

    def _collect(self, path: str, wanted: Dict[str, Set[FunctionRef]]) -> None:
        """The calls of ``wanted`` (by the name they are called by) in one module."""
        module = self.project.module(path)
        if module is None:
            return
        summary = module.summary
        for call in _calls(summary.calls, (f.calls for f in summary.functions)):
            name = (dotted(call.callee) or "").rpartition(".")[2]
            if name in wanted:
                for ref in self._callees(call, path) & wanted[name]:
                    self.sites[ref].append((path, call))

    def _called_as(self, ref: FunctionRef) -> Optional[Tuple[str, bool]]:
        """The name calls of the function spell, and whether only its own module can spell
        it; None for an operator's method (``__or__``), never called by name."""
        module = self.project.module(ref.path)
        if module is None:
            return None
        summary = module.summary
        function = summary.functions[ref.position]
        name = function.name
        if name == "__init__" and function.owner is not None:
            cls = summary.classes[function.owner]
            return cls.name, summary.scopes[cls.outer].kind is ScopeKind.FUNCTION
        if name in _REGISTERING or (name.startswith("__") and name.endswith("__")):
            return None
        return name, function.parent is not None

    def _callees(self, call: NamedCall, path: str) -> Set[FunctionRef]:
        """The project functions a call calls: a class's ``__init__`` for a class."""
        found: Set[FunctionRef] = set()
        atoms = self.project.concrete(
            in_project(self.project.values(call.callee, path, call.scope))
        )
        for atom in atoms:
            if isinstance(atom, FunctionAtom):
                found.add(atom.ref)
            elif isinstance(atom, ClassAtom):
                for method in self.project.class_member(
                    atom.path, atom.position, "__init__", set()
                ):
                    if isinstance(method, FunctionAtom):
                        found.add(method.ref)
        return found


def _calls(
    module_calls: Sequence[NamedCall], function_calls: Iterable[Sequence[NamedCall]]
) -> Iterator[NamedCall]:
    yield from module_calls
    for calls in function_calls:
        yield from calls
