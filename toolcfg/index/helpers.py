"""Helpers: the project functions a target calls that make runnable calls themselves, at
any depth, cycles included. A runnable call in a helper loses the config just as one in
the target does; the finding is reported at the call in the target, and the fix gives the
helper a ``config`` parameter and forwards it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.atoms import FunctionAtom, InstanceAtom, in_project
from toolcfg.index.model import CallKey, Expr, Function, NamedCall, ParamKind, describe, dotted
from toolcfg.index.modules import FunctionRef
from toolcfg.index.registrations import is_task
from toolcfg.index.resolve import Project
from toolcfg.registry import TargetKind

#: How many names a config builder's returned value is followed through.
_MAX_BUILT = 8


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
class ConfigBuilder:
    """A project function that returns a config built from one of its parameters
    (``dict(config)`` with keys changed, ``{**runtime.config, ...}``): a call of it passes
    on the config that parameter is given, as ``patch_config`` does (docs/facts.md)."""

    #: As a message names it: ``sub_config()``.
    name: str
    #: The parameter, and its position among those a call can pass positionally.
    param: str
    index: Optional[int]
    #: Built from the parameter's ``.config`` (a ``ToolRuntime``), not the parameter itself.
    runtime: bool


@dataclass(frozen=True)
class TaskCall:
    """A call of a LangGraph ``@task`` function. Calling a task needs the run's config from
    the context, not from an argument, so it is not a call to forward the config into; on
    Python 3.9 and 3.10 it fails in every async run (docs/facts.md)."""

    key: CallKey
    #: As a message names it: ``polish()``.
    name: str


class Helpers:
    """Follows the project calls of targets to the helpers that make runnable calls, and
    to the config builders they call."""

    def __init__(
        self,
        project: Project,
        kinds: Dict[FunctionRef, TargetKind],
        owned: FrozenSet[FunctionRef] = frozenset(),
    ) -> None:
        self.project = project
        self.kinds = kinds
        #: Functions something other than their enclosing function runs (a tool's sync
        #: ``func``): like nested targets, never part of the enclosing one's family.
        self.owned = owned
        #: For each target or helper: its calls of ``@task`` functions.
        self.tasks: Dict[FunctionRef, List[TaskCall]] = {}
        self._is_task: Dict[FunctionRef, bool] = {}
        self._calls: Dict[FunctionRef, List[Tuple[NamedCall, FunctionRef]]] = {}
        self.infos: Dict[FunctionRef, HelperInfo] = {}
        self.calls: Dict[FunctionRef, List[Tuple[CallKey, HelperInfo]]] = {}
        self.not_runnable: Dict[FunctionRef, List[CallKey]] = {}
        self.via: Dict[FunctionRef, TargetKind] = {}
        #: For each target or helper that calls config builders: those calls.
        self.builder_calls: Dict[FunctionRef, List[Tuple[CallKey, ConfigBuilder]]] = {}
        self._builders: Dict[FunctionRef, Optional[ConfigBuilder]] = {}
        self._inner: Dict[FunctionRef, Optional[str]] = {}
        self._visited: Set[FunctionRef] = set()

    def _family(self, ref: FunctionRef) -> List[FunctionRef]:
        """A target and its nested functions, except nested targets and functions a tool
        built in it owns; a helper alone. A function a helper defines is not run by calling
        the helper (a builder of agents defines hooks and nodes), while a target's are, as
        far as we can tell."""
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
                and not self._apart(FunctionRef(ref.path, parent))
            ):
                parent = functions[parent].parent
            nested = FunctionRef(ref.path, index)
            if parent == ref.position and not self._apart(nested):
                found.append(nested)
        return found

    def _apart(self, nested: FunctionRef) -> bool:
        """Is a nested function run by something other than the function it is in?"""
        return nested in self.kinds or nested in self.owned

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
        atoms = self.project.concrete(in_project(self.project.values(receiver, path, scope)))
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
        """The project functions that aren't targets or tasks, called by the function's
        family."""
        for call, found in self._called(ref):
            if found not in self.kinds and not self.is_task(found):
                yield call.key, found

    def _called(self, ref: FunctionRef) -> List[Tuple[NamedCall, FunctionRef]]:
        """The project functions the function's family calls, outside the family."""
        if ref not in self._calls:
            family = self._family(ref)
            self._calls[ref] = [
                (call, found)
                for member, function in self._members(family)
                for call in function.calls
                for found in self.project.function_refs(call.callee, member.path, call.scope)
                if found not in family
            ]
        return self._calls[ref]

    def is_task(self, ref: FunctionRef) -> bool:
        if ref not in self._is_task:
            self._is_task[ref] = is_task(self.project, ref)
        return self._is_task[ref]

    def _task_calls(self, ref: FunctionRef) -> List[TaskCall]:
        found: Dict[CallKey, TaskCall] = {}
        for call, callee in self._called(ref):
            if call.key not in found and self.is_task(callee):
                found[call.key] = TaskCall(call.key, f"{describe(call.callee)}()")
        return sorted(found.values(), key=lambda task: task.key)

    def _name(self, ref: FunctionRef) -> str:
        function = self.project.function(ref)
        return function.name if function is not None else "?"

    def visit(self, ref: FunctionRef, via: TargetKind) -> None:
        """Record the helper calls of a target or helper, then visit those helpers."""
        if ref in self._visited:
            return
        self._visited.add(ref)
        self.ignored(ref)
        tasks = self._task_calls(ref)
        if tasks:
            self.tasks[ref] = tasks
        calls: List[Tuple[CallKey, HelperInfo]] = []
        for key, helper in self._callees(ref):
            inner = self.inner(helper)
            if inner is None:
                builder = self.builder(helper)
                if builder is not None:
                    self.builder_calls.setdefault(ref, []).append((key, builder))
                continue
            info = self.infos.get(helper)
            if info is None:
                function = self.project.function(helper)
                assert function is not None
                param, position = config_param(function)
                if param is None and self._through_kwargs(helper, function):
                    param = "config"  # by keyword, into its **kwargs
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

    def _through_kwargs(self, ref: FunctionRef, function: Function) -> bool:
        """Does the function spread its own ``**kwargs`` into each runnable call it makes,
        and call no helper that runs one without a config? Then a ``config=`` its caller
        passes reaches every one (``ainvoke_with_retry(llm, messages, **kwargs)``): the
        caller should pass one, and a ``config`` parameter added to it would swallow it."""
        spread = next(
            (param.name for param in function.params if param.kind is ParamKind.DOUBLE_STAR),
            None,
        )
        if spread is None:
            return False
        ignored = set(self.ignored(ref))
        calls = [
            call
            for _, member in self._members(self._family(ref))
            for call in member.runnable
            if call.key not in ignored
        ]
        if not calls or any(call.spreads != spread for call in calls):
            return False
        return all(self.inner(helper) is None for _, helper in self._callees(ref))

    def builder(self, ref: FunctionRef) -> Optional[ConfigBuilder]:
        """The function as a config builder, if it returns a config built from one of its
        parameters."""
        if ref not in self._builders:
            self._builders[ref] = config_builder(self.project, ref)
        return self._builders[ref]


def config_builder(project: Project, ref: FunctionRef) -> Optional[ConfigBuilder]:
    """What ``config_built_from`` finds in the function's ``return`` statements."""
    module = project.module(ref.path)
    if module is None:
        return None
    function = module.summary.functions[ref.position]
    scopes = module.summary.scopes
    for returned in function.returns:
        found = config_built_from(returned, scopes, function.scope, 0)
        if found is not None:
            param, runtime = found
            return ConfigBuilder(
                f"{function.name}()", param, param_position(function, param), runtime
            )
    return None


def config_built_from(
    expr: Expr, scopes: Sequence[model.Scope], scope: int, depth: int
) -> Optional[Tuple[str, bool]]:
    """The parameter of the function whose body is ``scope`` that ``expr`` is a config
    built from, and whether from its ``.config``: the parameter itself, a copy
    (``dict(config)``, ``config.copy()``, ``{**config, ...}``), what ``patch_config``
    makes of it, or a local variable assigned one of these. The analysis decides the same
    of the calls it reads (``linter.calls.built_from``)."""
    if depth > _MAX_BUILT:
        return None
    deeper = depth + 1
    if isinstance(expr, model.Name):
        for binding in scopes[scope].bindings.get(expr.name, ()):
            if isinstance(binding, model.ParameterBinding):
                return expr.name, False
            if isinstance(binding, model.ValueBinding):
                found = config_built_from(binding.value, scopes, scope, deeper)
                if found is not None:
                    return found
        return None
    if isinstance(expr, model.Attribute):
        if expr.attr == "config" and isinstance(expr.value, model.Name):
            found = config_built_from(expr.value, scopes, scope, deeper)
            if found is not None and not found[1]:
                return found[0], True
        return None
    if isinstance(expr, model.Call):
        callee = dotted(expr.callee) or ""
        if expr.args and callee.rpartition(".")[2] in registry.CONFIG_COPIES:
            return config_built_from(expr.args[0], scopes, scope, deeper)
        if (
            not expr.args
            and isinstance(expr.callee, model.Attribute)
            and expr.callee.attr == "copy"
        ):
            return config_built_from(expr.callee.value, scopes, scope, deeper)
        return None
    if isinstance(expr, model.DictOf):
        for key, value in expr.items:
            if key is None and isinstance(value, model.Starred):
                found = config_built_from(value.value, scopes, scope, deeper)
                if found is not None:
                    return found
        return None
    if isinstance(expr, model.Either):
        return config_built_from(expr.first, scopes, scope, deeper) or config_built_from(
            expr.second, scopes, scope, deeper
        )
    return None


def param_position(function: Function, name: str) -> Optional[int]:
    """A parameter's position among those a caller passes positionally (``self`` not
    counted), or None if it cannot be passed so."""
    positional = 0
    for index, param in enumerate(function.params):
        if index == 0 and function.owner is not None and param.name in ("self", "cls"):
            continue
        if param.name == name:
            return positional if param.kind.positional else None
        if param.kind.positional:
            positional += 1
    return None


def config_param(function: Function) -> Tuple[Optional[str], Optional[int]]:
    """A function's config parameter and its position among the positional ones a caller
    passes (``self`` not counted)."""
    for index, param in enumerate(function.params):
        if index == 0 and function.owner is not None and param.name in ("self", "cls"):
            continue
        if param.kind.variadic:
            continue
        if (param.name == "config" and not function.settings_config) or (
            param.annotation is not None and "RunnableConfig" in param.annotation
        ):
            return param.name, param_position(function, param.name)
    return None, None
