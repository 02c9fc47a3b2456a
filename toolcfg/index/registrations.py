"""Registrations: which functions the table in ``toolcfg.registry`` says LangChain or
LangGraph runs, and as what.

A decorator, a registering call (``add_node``, ``ToolNode``, ``RunnableLambda``...) or a
base class (``BaseTool``) counts only through the module's own imports, so a CrewAI or
FastMCP ``tool`` is never LangChain's; the functions a registration is handed are found
by evaluating its arguments (``resolve.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Iterator, List, NamedTuple, Optional, Set, Tuple

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.atoms import Atom, ClassAtom, External, FunctionAtom, InstanceAtom, in_project
from toolcfg.index.drawn import Drawn, drawn_from
from toolcfg.index.model import Attribute, Expr, Name, Site, describe, dotted
from toolcfg.index.modules import FunctionRef, Module
from toolcfg.index.resolve import Project
from toolcfg.registry import Form, Registration, TargetKind


@dataclass(frozen=True)
class Registered:
    """How one registration of a function is run: by the graph, chain or agent it went
    into, as the module that registers it shows (``runs.py``)."""

    path: str
    run: model.Run


#: Each target's registrations, for the question whether it can run async at all.
Runs = Dict[FunctionRef, List[Registered]]


class Handed(NamedTuple):
    """A registration's argument drawn from a parameter of the function that makes it
    (``g.add_node(name, node_functions[name])``): it registers what that function's
    callers pass (``arguments.py``)."""

    drawn: Drawn
    kind: TargetKind
    schema: bool
    #: How the graph, chain or agent it goes into is run, as for a direct registration.
    registered: Registered


#: The registrations a decorator makes, in the table's order: the first that matches wins.
_DECORATORS = tuple(row for row in registry.REGISTRATIONS if row.form is Form.DECORATOR)


@dataclass(frozen=True)
class AgentCall:
    """A ``create_agent(...)`` call: where it is and how it is spelled."""

    start: Tuple[int, int]
    end: Tuple[int, int]
    text: str


def matches(project: Project, expr: Expr, path: str, scope: int, names: FrozenSet[str]) -> bool:
    """Is ``expr`` one of the library's ``names``, through this module's own imports?
    Every binding its name may have must be such an import: a module that imports
    LangChain's ``tool`` and then defines its own ``tool`` is not using LangChain's."""
    found = library_names(project, expr, path, scope)
    return bool(found) and found <= names


def library_names(project: Project, expr: Expr, path: str, scope: int) -> FrozenSet[str]:
    """The libraries' dotted names ``expr`` may be, through this module's own imports; none
    where a binding of its own may shadow them. For asking one expression of many rows."""
    if not _imported_only(project, expr, path, scope):
        return frozenset()
    return project.external(expr, path, scope)


def _imported_only(project: Project, expr: Expr, path: str, scope: int) -> bool:
    head = expr
    while isinstance(head, Attribute):
        head = head.value
    if not isinstance(head, Name) or project.module(path) is None:
        return False
    found = project.bindings(path, scope, head.name)
    if found is None:
        return True  # only star imports can bind it
    return all(
        isinstance(binding, (model.ImportBinding, model.RelativeImportBinding))
        for binding in found[1]
    )


def built_by_another_library(
    project: Project, expr: Expr, path: str, scope: int, library: str
) -> bool:
    """Is ``expr`` a name bound only to what another library's callable built? After
    ``dag = nx.DiGraph()``, ``dag.add_node(...)`` is not LangGraph's, even in a module
    that imports LangGraph. A name we cannot follow may be LangGraph's."""
    found = project.bindings(path, scope, expr.name) if isinstance(expr, Name) else None
    if found is None:
        return False
    where, bindings = found
    for binding in bindings:
        if not isinstance(binding, model.ValueBinding):
            return False
        built = binding.value
        if not isinstance(built, model.Call) or not _imported_only(
            project, built.callee, path, where
        ):
            return False
        names = project.external(built.callee, path, where)
        if not names or any(name.split(".")[0] == library for name in names):
            return False
    return True


def functions_of(
    project: Project, expr: Expr, path: str, scope: int, kind: TargetKind
) -> Iterator[FunctionRef]:
    """The functions an expression hands over: ``fn``, ``partial(fn)``, a list of them, a
    bound method, or a callable instance's ``__call__`` (for graph nodes)."""
    return functions_in(project, project.values(expr, path, scope), kind)


def functions_in(
    project: Project, atoms: Iterable[Atom], kind: TargetKind
) -> Iterator[FunctionRef]:
    """The functions among what an argument may be, as ``functions_of`` says."""
    for atom in project.concrete(atoms):
        if isinstance(atom, FunctionAtom):
            yield atom.ref
        elif isinstance(atom, InstanceAtom) and not kind.is_tool:
            for method in project.class_member(atom.path, atom.position, "__call__", set()):
                if isinstance(method, FunctionAtom):
                    yield method.ref


def _arguments(site: Site, row: Registration) -> List[Expr]:
    """The arguments of a site that hold the functions a row registers."""
    keywords = site.keywords
    picked = _slots(site, row.positional, row.keywords)
    if row.or_only_positional and len(_positional(site)) == 1:
        picked = _slots(site, (0,), row.keywords)
    if row.any_keyword:
        picked += [value for name, value in keywords.items() if name != "**"]
    return picked


def _slots(site: Site, positional: Tuple[int, ...], keywords: Tuple[str, ...]) -> List[Expr]:
    given = _positional(site)
    picked = [given[i] for i in positional if i < len(given)]
    return picked + [site.keywords[name] for name in keywords if name in site.keywords]


def _positional(site: Site) -> List[Expr]:
    return [arg for arg in site.args if not isinstance(arg, model.Starred)]


def is_task(project: Project, ref: FunctionRef) -> bool:
    """Is the function a LangGraph ``@task`` (``@task``, ``@task(...)``), through its
    module's imports?"""
    function = project.function(ref)
    return function is not None and any(
        matches(
            project,
            decorator.callee if isinstance(decorator, model.Call) else decorator,
            ref.path,
            function.outer,
            registry.TASKS,
        )
        for decorator in function.decorators
    )


def definition_targets(
    project: Project,
    module: Module,
    kinds: Dict[FunctionRef, TargetKind],
    schemas: Dict[FunctionRef, Optional[bool]],
    runs: Runs,
) -> None:
    """Decorated functions, and the methods of subclasses (``BaseTool._arun``)."""
    summary = module.summary
    for index, function in enumerate(summary.functions):
        ref = FunctionRef(module.path, index)
        for decorator in function.decorators:
            if ref in kinds:
                break
            called = decorator.callee if isinstance(decorator, model.Call) else decorator
            found = library_names(project, called, module.path, function.outer)
            if not found:
                continue
            row = next((row for row in _DECORATORS if found <= row.names), None)
            if row is not None:
                kinds[ref] = row.kind
                schemas[ref] = (
                    isinstance(decorator, model.Call) and "args_schema" in decorator.keywords
                )
                runs.setdefault(ref, []).append(Registered(module.path, function.run))
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
                        # Run by whatever holds an instance: anyone's.
                        runs.setdefault(ref, []).append(Registered(module.path, model.ESCAPES))


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
        for atom in project.concrete(in_project(bases))
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
    project_bases = project.concrete(in_project(bases))
    for atom in project_bases:
        if isinstance(atom, ClassAtom):
            inner = _class_schema(project, atom.path, atom.position, names, seen)
            if inner is None or inner:
                return inner
    if library - names and not any(isinstance(atom, ClassAtom) for atom in project_bases):
        verdict = None
    return verdict


def site_targets(
    project: Project,
    module: Module,
    kinds: Dict[FunctionRef, TargetKind],
    schemas: Dict[FunctionRef, Optional[bool]],
    agents: Dict[str, List[Tuple[AgentCall, Registered]]],
    runs: Runs,
    handed: List[Handed],
    owned: Set[FunctionRef],
) -> None:
    """Registering calls, and the functions they make their own without registering them
    (``owned``: a tool's sync ``func``)."""
    libraries = set(module.summary.libraries)
    for site in module.summary.sites:
        callee, scope = site.callee, site.scope
        if matches(project, callee, module.path, scope, registry.AGENT_FACTORIES):
            line, column, end_line, end_column = site.span
            text = dotted(callee) or describe(callee)
            call = AgentCall((line, column), (end_line, end_column), text)
            agents[module.path].append((call, Registered(module.path, site.value_run)))
        for row in registry.REGISTRATIONS:
            if not _site_matches(project, module, site, row, libraries):
                continue
            schema = "args_schema" in site.keywords or (
                row.form is Form.DECORATOR_CALL
                and isinstance(callee, model.Call)
                and "args_schema" in callee.keywords
            )
            # A method registers into its receiver (``builder.add_node``); a call, into
            # what it returns (``RunnableLambda(fn)``, ``tool("name")(fn)``).
            run = site.receiver_run if row.form is Form.METHOD else site.value_run
            registered = [
                ref
                for argument in _arguments(site, row)
                for ref in functions_of(project, argument, module.path, scope, row.kind)
            ]
            sync = [
                ref
                for argument in _slots(site, row.sync_positional, row.sync_keywords)
                for ref in functions_of(project, argument, module.path, scope, row.kind)
            ]
            if row.sync_registered_alone:
                alone = [ref for ref in sync if not registered or _lacks_config(project, ref, row)]
                registered, sync = registered + alone, [ref for ref in sync if ref not in alone]
            owned.update(sync)
            for ref in registered:
                if ref not in kinds:
                    kinds[ref] = row.kind
                    schemas[ref] = schema
                runs.setdefault(ref, []).append(Registered(module.path, run))
            if site.function is not None:
                for argument in _arguments(site, row):
                    for drawn in drawn_from(project, argument, module.path, scope):
                        handed.append(Handed(drawn, row.kind, schema, Registered(module.path, run)))


def _lacks_config(project: Project, ref: FunctionRef, row: Registration) -> bool:
    """Does a sync function beside an async one need a ``config`` parameter that it lacks,
    for the async one to receive the config (``Registration.config_by_sync``)?"""
    function = project.function(ref)
    return (
        row.config_by_sync
        and function is not None
        and not any(param.name == "config" for param in function.params)
    )


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
            and not built_by_another_library(
                project, callee.value, module.path, scope, row.requires
            )
        )
    if row.form is Form.CALL:
        return matches(project, callee, module.path, scope, row.names)
    if row.form is Form.DECORATOR_CALL:
        return isinstance(callee, model.Call) and matches(
            project, callee.callee, module.path, scope, row.names
        )
    return False
