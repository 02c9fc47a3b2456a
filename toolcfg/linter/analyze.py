"""What is wrong inside the functions LangChain runs, and how to fix it.

The index decided which functions those are (``FilePlan``); this module parses them with
LibCST, follows the config from where the function receives it to every runnable call and
helper call, and decides, per call, whether the config is dropped, passed on, or passed on
in a way that files a tool's inner runs beside it. Each decision records the nodes it looked
at; ``fixes.py`` turns them into positions. The analysis is pure: no I/O, no global state,
and it never imports the code it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import (
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

import libcst as cst

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.helpers import HelperInfo
from toolcfg.index.model import CallKey
from toolcfg.index.plans import FilePlan, Planned
from toolcfg.index.scopes import Scope
from toolcfg.linter import annotations as types
from toolcfg.linter import calls, declarations, renames, sources
from toolcfg.linter.calls import Verdict
from toolcfg.linter.changes import (
    AddParam,
    Change,
    ChangeParam,
    FixPlan,
    Forward,
    Import,
    RenameRefs,
    Replace,
)
from toolcfg.linter.context import Context
from toolcfg.linter.facts import Function, all_params, collect
from toolcfg.linter.findings import FileAnalysis, Finding, HelperFixRef, Position
from toolcfg.linter.fixes import called_name, to_fix
from toolcfg.linter.suppression import apply_noqa
from toolcfg.registry import Injection, TargetKind
from toolcfg.rules import agents
from toolcfg.rules import declarations as declaration_rules
from toolcfg.rules.base import Rule
from toolcfg.textedits import split_lines

# -- the decisions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    rule: Rule
    variant: str
    fields: Mapping[str, str]
    anchor: cst.CSTNode
    span: cst.CSTNode
    source: sources.Source
    fix: Optional[FixPlan] = None
    note: str = ""


@dataclass
class _File:
    """What the decisions know about the file around the functions."""

    plan: FilePlan
    records: Dict[str, model.Function]  # the summary's records of functions, by key
    scopes: Dict[int, Scope] = field(default_factory=dict)

    def scope(self, index: int) -> Scope:
        if index not in self.scopes:
            self.scopes[index] = Scope(self.plan.summary.scopes, index, self.plan.package)
        return self.scopes[index]

    @property
    def module_scope(self) -> Scope:
        return self.scope(0)

    @property
    def future_annotations(self) -> bool:
        return self.plan.summary.future_annotations

    def spelling(self, qualified: FrozenSet[str], default: str) -> Optional[str]:
        return types.runtime_spelling(self.module_scope, qualified, default)

    def declaration_facts(self) -> declarations.ModuleFacts:
        return declarations.ModuleFacts(
            module_scope=self.module_scope,
            future_annotations=self.future_annotations,
            config_spelling=self.spelling(registry.RUNNABLE_CONFIG, "RunnableConfig"),
        )


@dataclass
class _Decider:
    file: _File
    functions: Mapping[str, Function]
    sources_of: Mapping[str, sources.Source]
    context: Context
    problems: List[Problem] = field(default_factory=list)
    helper_fixes: Dict[str, Tuple[Optional[FixPlan], str]] = field(default_factory=dict)

    # -- per function -----------------------------------------------------------------------

    def run(self) -> None:
        for key, planned in self.file.plan.functions.items():
            function = self.functions.get(key)
            if function is None:
                continue
            if planned.kind is registry.HELPER:
                self._helper(function, planned)
            else:
                self._target(function, planned)

    def _outer(self, function: Function) -> Scope:
        return self.file.scope(self.file.records[function.key].outer)

    def _own(self, function: Function) -> Iterator[Function]:
        """The function and its nested functions, except nested ones the index planned."""
        yield function
        for child in function.children:
            if child.key not in self.file.plan.functions:
                yield from self._own(child)

    def _key_of(self, function: Function) -> Callable[[cst.Call], CallKey]:
        source = self.sources_of[function.key]
        lines = self._lines

        def key(call: cst.Call) -> CallKey:
            where = source.start(called_name(call))
            text = lines[where.line - 1] if where.line <= len(lines) else ""
            return where.line, len(text[: where.column - 1].encode("utf-8"))

        return key

    _lines: List[str] = field(default_factory=list)

    def _calls(
        self, function: Function, planned: Planned
    ) -> Tuple[List[cst.Call], List[Tuple[cst.Call, HelperInfo]]]:
        own = list(self._own(function))
        helper_map = dict(planned.helper_calls)
        ignored = set(planned.not_runnable)
        key_of = self._key_of(function) if (helper_map or ignored) else None
        runnable: List[cst.Call] = []
        helpers: List[Tuple[cst.Call, HelperInfo]] = []
        for member in own:
            for call in member.calls:
                if calls.runnable_method(call):
                    if key_of is None or key_of(call) not in ignored:
                        runnable.append(call)
                elif key_of is not None and helper_map:
                    info = helper_map.get(key_of(call))
                    if info is not None:
                        helpers.append((call, info))
        return runnable, helpers

    def _emit(self, problem: Problem) -> None:
        self.problems.append(problem)

    # -- targets ----------------------------------------------------------------------------

    def _target(self, function: Function, planned: Planned) -> None:
        kind = planned.kind
        source = self.sources_of[function.key]
        outer = self._outer(function)
        declared = list(self._declarations(function, planned, outer, source))
        if function.node.asynchronous is not None or not kind.async_only:
            rename = next(
                (p for p in declared if p.rule is declaration_rules.MISNAMED and p.fix is not None),
                None,
            )
            self._forwarding(function, planned, outer, source, rename)
        for problem in declared:
            self._emit(problem)

    def _declarations(
        self, function: Function, planned: Planned, outer: Scope, source: sources.Source
    ) -> Iterator[Problem]:
        taken = frozenset(_taken_names(function))
        record = self.file.records[function.key]
        found = declarations.declaration_problems(
            function.node,
            planned.kind,
            outer,
            self.file.declaration_facts(),
            taken,
            schema=planned.schema,
        )
        for problem in found:
            plan: Optional[FixPlan] = None
            note = f" (no fix: {problem.no_fix})" if problem.no_fix else ""
            fix = problem.fix
            if fix is not None:
                items: List[Change] = []
                change = ChangeParam(
                    function.node,
                    problem.param.name.value,
                    fix.annotation,
                    fix.drop_default,
                    fix.keyword_only,
                )
                if fix.annotation or fix.drop_default or fix.keyword_only:
                    items.append(change)
                if fix.rename is not None:
                    names = renames.references(function.node, problem.param, source.module, record)
                    if names is None:
                        note = (
                            f" (no fix: `{problem.param.name.value}` is read in a way that "
                            "cannot be renamed safely)"
                        )
                        items = []
                        plan = None
                    else:
                        items.append(RenameRefs(problem.param.name.value, fix.rename, names))
                if fix.rename is None or items:
                    items.extend(Import(module, name) for module, name in fix.imports)
                    plan = FixPlan(tuple(items), fix.safe) if items else None
            yield Problem(
                problem.rule,
                problem.variant,
                problem.fields,
                problem.param.name,
                problem.param,
                source,
                plan,
                note,
            )

    def _forwarding(
        self,
        function: Function,
        planned: Planned,
        outer: Scope,
        source: sources.Source,
        rename: Optional[Problem],
    ) -> None:
        kind = planned.kind
        runnable, helper_calls = self._calls(function, planned)
        if not runnable and not helper_calls:
            return
        subject = _subject(function, planned)
        if kind.injection is Injection.NONE:
            rule = kind.call_rule
            assert rule is not None
            for call in runnable:
                if calls.config_argument(call) is None or calls.is_empty_config(
                    calls.config_argument(call).value  # type: ignore[union-attr]
                ):
                    self._emit(
                        Problem(
                            rule,
                            "dropped",
                            {"call": _describe(call), "subject": subject},
                            called_name(call),
                            call,
                            source,
                        )
                    )
            for call, info in helper_calls:
                self._emit(
                    Problem(
                        rule,
                        "dropped",
                        {"call": info.name, "subject": subject},
                        called_name(call),
                        call,
                        source,
                    )
                )
            return
        family = kind.family
        assert family is not None
        received_from = config_source(function.node, kind, outer)
        own = list(self._own(function))
        received = _received(function, kind, received_from, own)
        verdicts = [
            (call, calls.classify(call, received, kind.receives_caller_config)) for call in runnable
        ]
        helper_verdicts = [
            (call, info, _helper_verdict(call, info, received, kind.receives_caller_config))
            for call, info in helper_calls
        ]
        dropping: List[Tuple[cst.Call, Verdict]] = [
            (c, v) for c, v in verdicts if v in (Verdict.DROPS, Verdict.FOREIGN)
        ]
        helpers_dropping: List[Tuple[cst.Call, HelperInfo, Verdict]] = [
            (c, info, v) for c, info, v in helper_verdicts if v in (Verdict.DROPS, Verdict.FOREIGN)
        ]

        if received_from is None:
            if dropping or helpers_dropping:
                self._missing(function, planned, outer, source, dropping, helpers_dropping)
            return

        renaming = (
            rename
            if rename is not None and getattr(rename.anchor, "value", None) == received_from.root
            else None
        )
        forwarded = received_from
        prefix: Optional[FixPlan] = None
        if renaming is not None and renaming.fix is not None:
            forwarded = ConfigSource("config", "config", False)
            prefix = renaming.fix
        how = self._forwarder(function, kind, forwarded, outer)
        for call, verdict in dropping:
            fields = {
                "call": _describe(call),
                "config": received_from.expression,
                "subject": subject,
            }
            variant = "dropped" if verdict is Verdict.DROPS else "foreign"
            plan, note = self._call_fix(function, own, call, verdict, how, forwarded.root)
            if prefix is not None and plan is not None:
                plan = prefix + plan
            self._emit(
                Problem(
                    family.dropped, variant, fields, called_name(call), call, source, plan, note
                )
            )
        for call, info, verdict in helpers_dropping:
            self._helper_problem(
                function,
                own,
                call,
                info,
                verdict,
                how,
                forwarded,
                received_from,
                subject,
                source,
                prefix,
            )
        if family.nesting is not None:
            for call, verdict in verdicts:
                if verdict is Verdict.FORWARDS_CALLER:
                    plan, note = self._call_fix(function, own, call, verdict, how, forwarded.root)
                    self._emit(
                        Problem(
                            family.nesting,
                            "nesting",
                            {"call": _describe(call), "subject": subject},
                            called_name(call),
                            call,
                            source,
                            plan,
                            note,
                        )
                    )
            for call, info, verdict in helper_verdicts:
                if verdict is Verdict.FORWARDS_CALLER:
                    plan, note = self._helper_call_fix(
                        function, own, call, info, verdict, how, forwarded.root
                    )
                    self._emit(
                        Problem(
                            family.nesting,
                            "nesting",
                            {"call": info.name, "subject": subject},
                            called_name(call),
                            call,
                            source,
                            plan,
                            note,
                        )
                    )

    def _helper_problem(
        self,
        function: Function,
        own: Sequence[Function],
        call: cst.Call,
        info: HelperInfo,
        verdict: Verdict,
        how: _Forwarder,
        forwarded: ConfigSource,
        received_from: ConfigSource,
        subject: str,
        source: sources.Source,
        prefix: Optional[FixPlan],
    ) -> None:
        planned = self.file.plan.functions[function.key]
        kind_family = (planned.via if planned.kind is registry.HELPER else planned.kind).family  # type: ignore[union-attr]
        if kind_family is None:
            return
        plan, note = self._helper_call_fix(function, own, call, info, verdict, how, forwarded.root)
        if prefix is not None and plan is not None:
            plan = prefix + plan
        if info.config_param is None:
            variant = "helper"
        elif verdict is Verdict.FOREIGN:
            variant = "helper-foreign"
        else:
            variant = "helper-not-passed"
        fields = {
            "helper": info.name,
            "inner": info.inner,
            "config": received_from.expression,
            "subject": subject,
        }
        self._emit(
            Problem(
                kind_family.dropped, variant, fields, called_name(call), call, source, plan, note
            )
        )

    def _call_fix(
        self,
        function: Function,
        own: Sequence[Function],
        call: cst.Call,
        verdict: Verdict,
        how: _Forwarder,
        name: str,
    ) -> Tuple[Optional[FixPlan], str]:
        withheld = _withheld(function, own, call, how, name)
        if withheld is not None:
            return None, withheld
        argument = calls.config_argument(call)
        changes: List[Change] = list(how.changes)
        if argument is not None:
            value = self._passed_value(how, verdict, argument, changes)
            changes.append(Replace(call, value))
        else:
            changes.append(Forward(call, how.value))
        return FixPlan(tuple(changes), how.safe), how.note

    def _passed_value(
        self, how: _Forwarder, verdict: Verdict, argument: cst.Arg, changes: List[Change]
    ) -> str:
        """What replaces a config argument that does not carry ours: a config of the
        author's own (``{"tags": [...]}``) merged with ours, so their intent stays; ``None``,
        ``{}`` or ``RunnableConfig()`` simply ours."""
        if verdict is not Verdict.FOREIGN:
            return how.value
        merge = self._spelled(registry.MERGE_CONFIGS_IMPORT, (), changes)
        return f"{merge}({how.value}, {types.code(argument.value)})"

    def _helper_call_fix(
        self,
        function: Function,
        own: Sequence[Function],
        call: cst.Call,
        info: HelperInfo,
        verdict: Verdict,
        how: _Forwarder,
        name: str,
    ) -> Tuple[Optional[FixPlan], str]:
        withheld = _withheld(function, own, call, how, name)
        if withheld is not None:
            return None, withheld
        keyword = info.config_param or "config"
        passed = _helper_argument(call, info)
        changes: List[Change] = list(how.changes)
        if passed is not None:
            value = self._passed_value(how, verdict, passed, changes)
            changes.append(Replace(call, value, keyword, info.config_index))
        else:
            changes.append(Forward(call, how.value, keyword))
        needs = () if info.config_param is not None else (HelperFixRef(info.path, info.key),)
        return FixPlan(tuple(changes), how.safe, needs), how.note

    # -- a target that takes no config -------------------------------------------------------

    def _missing(
        self,
        function: Function,
        planned: Planned,
        outer: Scope,
        source: sources.Source,
        dropping: Sequence[Tuple[cst.Call, Verdict]],
        helpers_dropping: Sequence[Tuple[cst.Call, HelperInfo, Verdict]],
    ) -> None:
        kind = planned.kind
        family = kind.family
        assert family is not None
        node = function.node
        count = len(dropping) + len(helpers_dropping)
        calls_text = (
            f"{count} runnable call drops" if count == 1 else f"{count} runnable calls drop"
        )
        parameter = "`RunnableConfig`" if kind.is_tool else "`config`"
        subject = _subject(function, planned)
        fields = {
            "subject": subject[0].upper() + subject[1:],
            "parameter": parameter,
            "calls": calls_text,
        }
        plan, note = self._add_config(function, planned, outer)
        if plan is not None:
            own = list(self._own(function))
            name = next(item.name for item in plan.changes if isinstance(item, AddParam))
            received = ConfigSource(name, name, False)
            how = self._forwarder(function, kind, received, outer, added=plan)
            if how.no_fix:
                plan, note = None, f" (no fix: {how.no_fix})"
            else:
                for call, verdict in dropping:
                    each, each_note = self._call_fix(function, own, call, verdict, how, name)
                    if each is None:
                        plan, note = None, each_note
                        break
                    plan = plan + each
                else:
                    for call, info, verdict in helpers_dropping:
                        each, each_note = self._helper_call_fix(
                            function, own, call, info, verdict, how, name
                        )
                        if each is None:
                            plan, note = None, each_note
                            break
                        plan = plan + each
                if plan is not None:
                    note = note or how.note
        self._emit(
            Problem(family.missing, "missing", fields, node.name, node.name, source, plan, note)
        )

    def _add_config(
        self, function: Function, planned: Planned, outer: Scope
    ) -> Tuple[Optional[FixPlan], str]:
        """The parameter a target that takes no config gets, or why it gets none."""
        kind = planned.kind
        node = function.node
        if planned.wrapped_by is not None:
            return None, (
                f" (no fix: `@{planned.wrapped_by}` wraps it in a function that does not "
                "pass a config on)"
            )
        taken = _taken_names(function)
        if not kind.is_tool and "config" in taken:
            # LangChain and LangGraph look the parameter up by this exact name.
            return None, f" (no fix: `config` is already a name in `{node.name.value}`)"
        if kind is registry.BASE_TOOL:
            unresolvable = types.type_checking_only_names(node, outer)
            if unresolvable:
                return None, (
                    f" (no fix: LangChain injects nothing while `{unresolvable[0]}` is imported "
                    "only under TYPE_CHECKING)"
                )
        callers = _callers_text(planned)
        defaulted = kind.defaulted_parameter or (not kind.is_tool and bool(planned.callers))
        changes: List[Change] = []
        if kind.is_tool:
            name = _free_name(taken)
            spelling = self.file.spelling(registry.RUNNABLE_CONFIG, "RunnableConfig")
        else:
            name = "config"
            # Under future annotations LangGraph matches the annotation's text.
            spelling = (
                "RunnableConfig"
                if self.file.spelling(registry.RUNNABLE_CONFIG, "RunnableConfig")
                == "RunnableConfig"
                else None
            )
        if spelling is None:
            spelling = "RunnableConfig"
            changes.append(Import(*registry.RUNNABLE_CONFIG_IMPORT))
        annotation = spelling
        default = None
        params = node.params
        if defaulted:
            annotation, default = f"Optional[{spelling}]", "None"
            changes.extend(self._optional_import())
            keyword_only = params.star_arg is not cst.MaybeSentinel.DEFAULT and isinstance(
                params.star_arg, cst.Param
            )
        else:
            keyword_only = params.star_arg is not cst.MaybeSentinel.DEFAULT or any(
                param.default is not None for param in (*params.posonly_params, *params.params)
            )
        changes.insert(0, AddParam(node, name, annotation, keyword_only, default))
        safe = True
        note = ""
        if kind.is_tool and planned.callers:
            safe = False
            note = f" ({callers} without a config)"  # the format says the fix is unsafe
        return FixPlan(tuple(changes), safe), note

    def _optional_import(self) -> List[Change]:
        bound = self.file.module_scope.lookup("Optional")
        if bound and all(
            b.runtime and b.qualified_name in ("typing.Optional", "typing_extensions.Optional")
            for b in bound
        ):
            return []
        return [Import(*registry.OPTIONAL_IMPORT)]

    # -- how a config is passed on -------------------------------------------------------------

    def _forwarder(
        self,
        function: Function,
        kind: TargetKind,
        received: ConfigSource,
        outer: Scope,
        added: Optional[FixPlan] = None,
    ) -> _Forwarder:
        """What a call passes as the config, and what the signature needs for it: tools pass
        a config carrying their own run's callbacks (docs/facts.md, "Trace nesting")."""
        if not kind.is_tool:
            return _Forwarder(received.expression)
        node = function.node
        params = {param.name.value: param for param in all_params(node.params)}
        taken = _taken_names(function)
        patch = self.file.spelling(
            frozenset(
                {
                    "langchain_core.runnables.patch_config",
                    "langchain_core.runnables.config.patch_config",
                }
            ),
            "patch_config",
        )
        changes: List[Change] = []
        if patch is None:
            patch = "patch_config"
            if "patch_config" in taken:
                return _Forwarder(
                    "", no_fix=f"`patch_config` is already a name in `{node.name.value}`"
                )
            changes.append(Import(*registry.PATCH_CONFIG_IMPORT))
        keyword_only = _keyword_only_for_default(node, added)
        if kind is registry.BASE_TOOL:
            if "run_manager" in params:
                # LangChain's own signature defaults it to None, and a direct call of
                # ``_arun`` leaves it so: a bare ``.get_child()`` fails there, and mypy says so.
                child = (
                    "run_manager.get_child()"
                    if params["run_manager"].default is None
                    else "run_manager.get_child() if run_manager else None"
                )
            elif "run_manager" in taken:
                return _Forwarder(
                    "", no_fix=f"`run_manager` is already a name in `{node.name.value}`"
                )
            else:
                child = "run_manager.get_child() if run_manager else None"
                manager = self._spelled(
                    registry.RUN_MANAGER_IMPORT,
                    ("langchain_core.callbacks.manager.AsyncCallbackManagerForToolRun",),
                    changes,
                )
                changes.extend(self._optional_import())
                changes.insert(
                    0, AddParam(node, "run_manager", f"Optional[{manager}]", keyword_only, "None")
                )
        else:
            child = "callbacks"
            if "callbacks" not in params:
                if "callbacks" in taken:
                    return _Forwarder(
                        "", no_fix=f"`callbacks` is already a name in `{node.name.value}`"
                    )
                spelled = self._spelled(
                    registry.CALLBACKS_IMPORT, ("langchain_core.callbacks.base.Callbacks",), changes
                )
                changes.insert(0, AddParam(node, "callbacks", spelled, keyword_only, "None"))
        return _Forwarder(f"{patch}({received.expression}, callbacks={child})", tuple(changes))

    def _spelled(
        self, imported: Tuple[str, str], aliases: Iterable[str], changes: List[Change]
    ) -> str:
        """How the file names ``imported`` at run time (``module.name`` or one of
        ``aliases``); where it does not, the name, with the import added to ``changes``."""
        module, name = imported
        spelled = self.file.spelling(frozenset({f"{module}.{name}", *aliases}), name)
        if spelled is None:
            changes.append(Import(module, name))
            return name
        return spelled

    # -- helpers ------------------------------------------------------------------------------

    def _helper(self, function: Function, planned: Planned) -> None:
        """A helper with a config passes it on like any target; one without gets the fix its
        callers' fixes carry out (``Fix.helpers``)."""
        outer = self._outer(function)
        source = self.sources_of[function.key]
        runnable, helper_calls = self._calls(function, planned)
        received_from = (
            None
            if planned.settings_config
            else config_source(function.node, registry.HELPER, outer)
        )
        own = list(self._own(function))
        received = _received(function, registry.HELPER, received_from, own)
        dropping = [
            (call, verdict)
            for call in runnable
            if (verdict := calls.classify(call, received, False))
            in (Verdict.DROPS, Verdict.FOREIGN)
        ]
        helpers_dropping = [
            (call, info, verdict)
            for call, info in helper_calls
            if (verdict := _helper_verdict(call, info, received, False))
            in (Verdict.DROPS, Verdict.FOREIGN)
        ]
        if received_from is not None:
            family = planned.via.family if planned.via is not None else None
            if family is None:
                return
            subject = _subject(function, planned)
            how = _Forwarder(received_from.expression)
            for call, verdict in dropping:
                plan, note = self._call_fix(function, own, call, verdict, how, received_from.root)
                self._emit(
                    Problem(
                        family.dropped,
                        "dropped" if verdict is Verdict.DROPS else "foreign",
                        {
                            "call": _describe(call),
                            "config": received_from.expression,
                            "subject": subject,
                        },
                        called_name(call),
                        call,
                        source,
                        plan,
                        note,
                    )
                )
            for call, info, verdict in helpers_dropping:
                self._helper_problem(
                    function,
                    own,
                    call,
                    info,
                    verdict,
                    how,
                    received_from,
                    received_from,
                    subject,
                    source,
                    None,
                )
            return
        plan, note = self._add_config(function, planned, outer)
        if plan is None:
            self.helper_fixes[function.key] = (None, note)
            return
        how = _Forwarder("config")
        for call, verdict in dropping:
            each, note = self._call_fix(function, own, call, verdict, how, "config")
            if each is None:
                self.helper_fixes[function.key] = (None, note)
                return
            plan = plan + each
        for call, info, verdict in helpers_dropping:
            each, note = self._helper_call_fix(function, own, call, info, verdict, how, "config")
            if each is None:
                self.helper_fixes[function.key] = (None, note)
                return
            plan = plan + each
        self.helper_fixes[function.key] = (plan, "")


@dataclass(frozen=True)
class _Forwarder:
    """The config value calls pass, and the changes that make it available."""

    value: str
    changes: Tuple[Change, ...] = ()
    safe: bool = True
    note: str = ""
    no_fix: str = ""


@dataclass(frozen=True)
class ConfigSource:
    """Where a function's config comes from: a parameter, or ``runtime.config``."""

    #: The name that every expression built from the config starts from.
    root: str
    #: The expression a fix passes on.
    expression: str
    runtime: bool


def config_source(
    function: cst.FunctionDef, kind: TargetKind, scope: Scope
) -> Optional[ConfigSource]:
    """The config a function already receives, if any.

    A parameter spelled like the config in a form LangChain ignores still counts: adding a
    second one would not help, and a declaration rule reports the spelling.
    """
    params = list(all_params(function.params))
    if kind.injection is Injection.NAME and any(param.name.value == "config" for param in params):
        return ConfigSource("config", "config", False)
    for param in params:
        if param.annotation is None:
            continue
        name = param.name.value
        annotation = param.annotation.annotation
        if types.is_runnable_config(annotation, scope):
            return ConfigSource(name, name, False)
        if types.is_tool_runtime(annotation, scope):
            return ConfigSource(name, f"{name}.config", True)
    untyped = next((p for p in params if p.name.value == "config" and not p.star), None)
    if (
        untyped is not None
        and types.is_untyped(untyped)
        and calls.used_as_config("config", function.body)
    ):
        return ConfigSource("config", "config", False)
    return None


def _received(
    function: Function, kind: TargetKind, source: Optional[ConfigSource], own: Sequence[Function]
) -> calls.Received:
    params = {p.name.value for p in all_params(function.node.params)}
    configs: Set[str] = set()
    runtimes: Set[str] = set()
    if source is not None:
        (runtimes if source.runtime else configs).add(source.root)
    child: Set[str] = set()
    if kind is registry.BASE_TOOL and "run_manager" in params:
        child.add("run_manager")
    elif kind.is_tool and "callbacks" in params:
        child.add("callbacks")
    assignments = [assignment for f in own for assignment in f.assignments]
    return calls.received_names(configs, child, runtimes, assignments)


def _helper_argument(call: cst.Call, info: HelperInfo) -> Optional[cst.Arg]:
    """The argument that passes a helper its config: by keyword, or at its position."""
    keyword = info.config_param or "config"
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    positional = [arg for arg in call.args if arg.keyword is None]
    if info.config_index is not None and info.config_index < len(positional):
        return positional[info.config_index]
    return None


def _helper_verdict(
    call: cst.Call, info: HelperInfo, received: calls.Received, caller_config: bool
) -> Verdict:
    if any(arg.star for arg in call.args):
        return Verdict.UNKNOWN
    if info.config_param is None:
        return Verdict.DROPS
    argument = _helper_argument(call, info)
    if argument is None or calls.is_empty_config(argument.value):
        return Verdict.DROPS
    if not calls.built_from(argument.value, received):
        return Verdict.FOREIGN
    if caller_config and not calls.carries_child(argument.value, received):
        return Verdict.FORWARDS_CALLER
    return Verdict.FORWARDS


def _keyword_only_for_default(node: cst.FunctionDef, added: Optional[FixPlan]) -> bool:
    """A defaulted parameter can be appended unless ``*args`` is in the way, or the config
    parameter added beside it is keyword-only."""
    if added is not None:
        for item in added.changes:
            if isinstance(item, AddParam) and item.keyword_only:
                return True
    params = node.params
    return isinstance(params.star_arg, cst.Param) or (
        bool(params.kwonly_params) and not params.params
    )


def _subject(function: Function, planned: Planned) -> str:
    name = function.name
    owner = planned.owner or (function.owner.name.value if function.owner is not None else None)
    if owner is not None:
        name = f"{owner}.{name}"
    return f"{planned.kind.label} `{name}`"


def _callers_text(planned: Planned) -> str:
    shown = [f"`{site.path}:{site.line}`" for site in planned.callers[:3]]
    more = len(planned.callers) - len(shown)
    text = ", ".join(shown) + (f" and {more} more" if more else "")
    return f"{text} call{'s' if len(planned.callers) == 1 else ''} it"


def _withheld(
    function: Function, own: Sequence[Function], call: cst.Call, how: _Forwarder, name: str
) -> Optional[str]:
    """Why no fix can forward ``name`` at ``call``, as the message's note; None if one can."""
    if how.no_fix:
        return f" (no fix: {how.no_fix})"
    rebinding = _rebinding_function(function, own, call, name)
    if rebinding is not None:
        return f" (no fix: `{name}` is a different name in {rebinding})"
    return None


def _rebinding_function(
    target: Function, own: Sequence[Function], call: cst.Call, name: str
) -> Optional[str]:
    """What, between ``target`` and ``call``, gives ``name`` another meaning: a nested
    function that binds it or declares it ``global``, a lambda or a comprehension."""
    inner = next((f for f in own if any(c is call for c in f.calls)), None)
    if inner is not None:
        for where, names in reversed(inner.inner_bindings.get(call, ())):
            if name in names:
                return where
    while inner is not None and inner is not target:
        if name in inner.bound or name in inner.declared:
            return f"`{inner.name}`"
        inner = inner.parent
    return None


def _taken_names(function: Function) -> Set[str]:
    """Every name the function or its nested functions use, so a new one shadows nothing."""
    taken: Set[str] = set()
    stack = [function]
    while stack:
        current = stack.pop()
        taken |= current.names
        stack.extend(current.children)
    taken.update(p.name.value for p in all_params(function.node.params))
    return taken


def _free_name(taken: Set[str]) -> str:
    for candidate in ("config", "run_config", "runnable_config"):
        if candidate not in taken:
            return candidate
    index = 2
    while f"run_config_{index}" in taken:
        index += 1
    return f"run_config_{index}"


def _describe(call: cst.Call) -> str:
    """``llm.bind_tools(...).ainvoke()``: the call as the user would name it."""
    assert isinstance(call.func, cst.Attribute)
    return f"{_spelled(call.func.value)}.{call.func.attr.value}()"


def _spelled(expression: cst.BaseExpression) -> str:
    if isinstance(expression, cst.Name):
        return expression.value
    if isinstance(expression, cst.Attribute):
        return f"{_spelled(expression.value)}.{expression.attr.value}"
    if isinstance(expression, cst.Call):
        return f"{_spelled(expression.func)}({'...' if expression.args else ''})"
    if isinstance(expression, cst.Subscript):
        return f"{_spelled(expression.value)}[...]"
    return "(...)"


# -- one file ---------------------------------------------------------------------------------


def analyze_file(
    text: str,
    plan: FilePlan,
    context: Context = Context(),
    module: Optional[cst.Module] = None,
) -> FileAnalysis:
    """The findings of one file, for the functions its plan names.

    With ``module`` (the file already parsed, as a codemod has it) the functions are taken
    from it; otherwise each is parsed on its own (``sources.py``).
    """
    lines = split_lines(text, keepends=True)
    records = {record.key: record for record in plan.summary.functions}
    functions: Dict[str, Function] = {}
    sources_of: Dict[str, sources.Source] = {}
    if plan.functions:
        whole: Optional[sources.Source] = sources.whole(module) if module is not None else None
        if whole is None:
            for key in sources.roots(records, tuple(k for k in plan.functions if k in records)):
                piece = sources.segment(lines, records[key])
                found = collect(piece.module, key) if piece is not None else {}
                if piece is None or key not in found:
                    whole = sources.whole(cst.parse_module(text))
                    break
                for inner_key, function in found.items():
                    functions[inner_key] = function
                    sources_of[inner_key] = piece
        if whole is not None:
            functions = collect(whole.module)
            sources_of = dict.fromkeys(functions, whole)
    decider = _Decider(_File(plan, records), functions, sources_of, context)
    decider._lines = [line.rstrip("\r\n") for line in lines]
    decider.run()
    findings = [
        finding
        for problem in decider.problems
        if (finding := _finding(problem, context)) is not None
    ]
    findings.extend(_agent_findings(plan, lines, context))
    bare_lines = [line.rstrip("\r\n") for line in lines]
    kept = apply_noqa(findings, bare_lines, context.selected)
    helper_fixes = {}
    for key, (fix_plan, reason) in decider.helper_fixes.items():
        source = sources_of[key]
        helper_fixes[key] = (to_fix(fix_plan, source.start), reason)
    return FileAnalysis(
        tuple(sorted(kept, key=lambda finding: (finding.start, finding.code))), helper_fixes
    )


def _finding(problem: Problem, context: Context) -> Optional[Finding]:
    rule = problem.rule
    if not context.selected(rule.code):
        return None
    when = context.bites(rule, problem.variant)
    if when is None:
        return None
    message = rule.message(problem.variant, when=when, **problem.fields) + problem.note
    source = problem.source
    return Finding(
        code=rule.code,
        message=message,
        start=source.start(problem.anchor),
        end=source.end(problem.span),
        fix=to_fix(problem.fix, source.start),
    )


def _agent_findings(plan: FilePlan, lines: Sequence[str], context: Context) -> Iterator[Finding]:
    rule = agents.CREATE_AGENT
    if not plan.agents or not context.selected(rule.code):
        return
    when = context.bites(rule, "agent")
    if when is None:
        return
    for call in plan.agents:
        yield Finding(
            code=rule.code,
            message=rule.message("agent", call=f"{call.text}()", when=when),
            start=_character_position(lines, *call.start),
            end=_character_position(lines, *call.end),
        )


def _character_position(lines: Sequence[str], line: int, byte_column: int) -> Position:
    text = lines[line - 1] if line <= len(lines) else ""
    prefix = text.encode("utf-8")[:byte_column].decode("utf-8", "ignore")
    return Position(line, len(prefix) + 1)
