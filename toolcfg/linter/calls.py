"""Which calls run a runnable, and whether they pass the received config on.

We cannot know types, so a runnable call is recognised by its method name and its shape: a
runnable method always takes its input first, positionally or as ``input=``, which keeps
boto3's ``client.invoke(FunctionName=...)`` out. The index may know better for a receiver
of the project's own (``Planned.not_runnable``).

A call forwards the config only with a value *built from* the received one (the config
itself, ``{**config, ...}``, ``patch_config(config, ...)``, ``merge_configs(config, ...)``,
``runtime.config``, a variable assigned from one of these) or on a receiver bound to one
(``.with_config(config)``). A config whose ``callbacks`` are the received config's
(``{"callbacks": config["callbacks"]}``, ``.with_config(callbacks=config.get("callbacks"))``)
or the run's child (``{"callbacks": run_manager.get_child()}``, a tool's ``callbacks``)
carries the events too. Mentioning the config somewhere inside another value does not
forward it: ``config={"tags": [config["x"]]}`` drops it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Collection, FrozenSet, Iterable, Mapping, Optional, Sequence, Tuple

import libcst as cst

from toolcfg import registry
from toolcfg.index.helpers import ConfigBuilder, HelperInfo


class Verdict(enum.Enum):
    #: Passes a config built from the received one (for tools, carrying the tool run's
    #: callbacks).
    FORWARDS = "forwards"
    #: A tool passing on the config it was called with: its inner runs are filed beside it.
    FORWARDS_CALLER = "forwards-caller"
    DROPS = "drops"
    #: An explicit config that is not built from the received one.
    FOREIGN = "foreign"
    #: ``*args`` or ``**kwargs``: we cannot tell, so we stay quiet.
    UNKNOWN = "unknown"


def runnable_method(call: cst.Call) -> Optional[str]:
    """The method name when ``call`` looks like a runnable call, otherwise None."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in registry.RUNNABLE_METHODS:
        return None
    first = call.args[0] if call.args else None
    has_input = (first is not None and first.keyword is None and first.star != "**") or any(
        arg.keyword is not None and arg.keyword.value == "input" for arg in call.args
    )
    return func.attr.value if has_input else None


@dataclass(frozen=True)
class Received:
    """The local names that hold the received config, or a runnable bound to it."""

    configs: FrozenSet[str]
    #: Names that carry child callbacks: a tool's ``callbacks`` or ``run_manager``, and
    #: configs built with them (``patch_config(config, callbacks=callbacks)``).
    child: FrozenSet[str] = frozenset()
    #: Runnables built with ``.with_config(config)``, or with the run's child callbacks.
    runnables: FrozenSet[str] = frozenset()
    #: Parameters whose ``.config`` is the config (``runtime: ToolRuntime``).
    runtimes: FrozenSet[str] = frozenset()
    #: Runnables built with ``.with_config(callbacks=config["callbacks"])``: the received
    #: config's callbacks, which in a tool are its caller's; with the ``.with_config`` call.
    callback_bound: Tuple[Tuple[str, cst.Call], ...] = ()

    #: Calls of project functions that build a config from one they are passed (the index's
    #: ``Planned.config_builders``).
    builders: Mapping[cst.Call, ConfigBuilder] = field(default_factory=dict)

    def bound_to_callbacks(self, name: str) -> Optional[cst.Call]:
        return next((call for bound, call in self.callback_bound if bound == name), None)


def received_names(
    configs: Iterable[str],
    child_roots: Iterable[str],
    runtimes: Iterable[str],
    assignments: Iterable[Tuple[Sequence[str], cst.BaseExpression]],
    builders: Mapping[cst.Call, ConfigBuilder],
) -> Received:
    """Follow assignments from the received names, transitively, to every name built from
    them. A value merely computed from the config, such as ``Configuration.from_runnable_config(
    config)``, is not a config."""
    pending = list(assignments)
    received = Received(
        frozenset(configs),
        frozenset(child_roots),
        runtimes=frozenset(runtimes),
        builders=builders,
    )
    changed = True
    while changed:
        changed = False
        for targets, value in pending:
            names = frozenset(targets)
            if not names:
                continue
            if not names <= received.configs and built_from(value, received):
                received = replace(
                    received,
                    configs=received.configs | names,
                    child=received.child | names
                    if carries_child(value, received)
                    else received.child,
                )
                changed = True
            elif not names <= received.child and is_child_callbacks(value, received):
                # ``child = run_manager.get_child()``: the run's child callbacks.
                received = replace(received, child=received.child | names)
                changed = True
            binding = binding_of(value, received)
            if binding is None:
                continue
            if binding.caller is None and not names <= received.runnables:
                received = replace(received, runnables=received.runnables | names)
                changed = True
            elif binding.caller is not None and any(
                received.bound_to_callbacks(name) is None for name in names
            ):
                pairs = tuple((name, binding.caller) for name in sorted(names))
                received = replace(received, callback_bound=received.callback_bound + pairs)
                changed = True
    return received


def config_argument(call: cst.Call) -> Optional[cst.Arg]:
    """The argument that passes the config: ``config=`` or the second positional one."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "config":
            return arg
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    return positional[1] if len(positional) >= 2 else None


def classify(
    call: cst.Call, received: Received, caller_config: bool, spread: Optional[str] = None
) -> Verdict:
    """Does this runnable call forward the received config? ``caller_config``: the function
    is a tool, which is handed the config it was called with. ``spread``: the function's
    own ``**kwargs``, which cannot hold the config its ``config`` parameter (there, or
    added by the fix) takes, so spreading them passes no config."""
    if any(arg.star and not spreads(arg, spread) for arg in call.args):
        return Verdict.UNKNOWN
    argument = config_argument(call)
    if argument is not None and not is_empty_config(argument.value):
        return _passed(argument.value, received, caller_config)
    assert isinstance(call.func, cst.Attribute)
    binding = binding_of(call.func.value, received)
    if binding is None:
        return Verdict.DROPS
    if caller_config and binding.caller is not None:
        return Verdict.FORWARDS_CALLER
    return Verdict.FORWARDS


def spreads(arg: cst.Arg, name: Optional[str]) -> bool:
    """Is ``arg`` ``**name``?"""
    return (
        name is not None
        and arg.star == "**"
        and isinstance(arg.value, cst.Name)
        and arg.value.value == name
    )


def helper_argument(call: cst.Call, info: HelperInfo) -> Optional[cst.Arg]:
    """The argument that passes a helper its config: by keyword, or at its position."""
    return _argument(call, info.config_param or "config", info.config_index)


def _argument(call: cst.Call, keyword: str, index: Optional[int]) -> Optional[cst.Arg]:
    """The argument a call passes a parameter: by keyword, or at its position."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    positional = [arg for arg in call.args if arg.keyword is None]
    if index is not None and index < len(positional):
        return positional[index]
    return None


def classify_helper(
    call: cst.Call, info: HelperInfo, received: Received, caller_config: bool
) -> Verdict:
    """Does this call of a helper pass the received config on, as ``classify`` says of a
    runnable call?"""
    if any(arg.star for arg in call.args):
        return Verdict.UNKNOWN
    if info.config_param is None:
        return Verdict.DROPS
    argument = helper_argument(call, info)
    if argument is None or is_empty_config(argument.value):
        return Verdict.DROPS
    return _passed(argument.value, received, caller_config)


def _passed(value: cst.BaseExpression, received: Received, caller_config: bool) -> Verdict:
    """What passing ``value`` as the config does: foreign unless built from the received
    config; in a tool, the caller's config unless it carries the tool run's callbacks."""
    if not built_from(value, received):
        return Verdict.FOREIGN
    if caller_config and not carries_child(value, received):
        return Verdict.FORWARDS_CALLER
    return Verdict.FORWARDS


def is_empty_config(value: cst.BaseExpression) -> bool:
    """``None``, ``{}`` or ``RunnableConfig()``: nothing is passed on."""
    if isinstance(value, cst.Name) and value.value == "None":
        return True
    if isinstance(value, cst.Dict) and not value.elements:
        return True
    return (
        isinstance(value, cst.Call)
        and not value.args
        and callee_name(value) in ("RunnableConfig", "dict")
    )


def built_from(value: cst.BaseExpression, received: Received) -> bool:
    """Is ``value`` a config built from the received one?"""
    if isinstance(value, cst.Name):
        return value.value in received.configs
    if isinstance(value, cst.Attribute):
        return (
            value.attr.value == "config"
            and isinstance(value.value, cst.Name)
            and value.value.value in received.runtimes
        )
    if isinstance(value, cst.IfExp):
        return built_from(value.body, received) or built_from(value.orelse, received)
    if isinstance(value, cst.BooleanOperation) or (  # ``config or {}``
        isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.BitOr)
    ):  # ``config | {"run_name": "x"}``
        return built_from(value.left, received) or built_from(value.right, received)
    if isinstance(value, cst.Dict):
        for element in value.elements:
            if isinstance(element, cst.StarredDictElement) and built_from(element.value, received):
                return True
            if (
                isinstance(element, cst.DictElement)
                and string_value(element.key) == "callbacks"
                and _passes_callbacks(element.value, received)
            ):
                return True
        return False
    if isinstance(value, cst.Call):
        builder = received.builders.get(value)
        if builder is not None:
            return _built_by(value, builder, received)
        name = callee_name(value)
        args = [arg for arg in value.args if arg.keyword is None or arg.star]
        if name in ("dict", "RunnableConfig") and any(
            arg.keyword is not None
            and arg.keyword.value == "callbacks"
            and _passes_callbacks(arg.value, received)
            for arg in value.args
        ):
            return True  # ``RunnableConfig(callbacks=run_manager.get_child())``
        if name in registry.CONFIG_COPIES:
            return any(built_from(arg.value, received) for arg in args)
        if name == "cast" and len(args) == 2:
            return built_from(args[1].value, received)
        if isinstance(value.func, cst.Attribute) and value.func.attr.value == "copy":
            return built_from(value.func.value, received)
    return False


def _built_by(call: cst.Call, builder: ConfigBuilder, received: Received) -> bool:
    """Does a project function that builds a config from its parameter (``sub_config(
    runtime)``) get the received config there?"""
    argument = _argument(call, builder.param, builder.index)
    if argument is None or argument.star:
        return False
    value = argument.value
    if builder.runtime:
        return isinstance(value, cst.Name) and value.value in received.runtimes
    return built_from(value, received)


def carries_child(value: cst.BaseExpression, received: Received) -> bool:
    """Does a config built from the received one carry the tool run's child callbacks?"""
    if isinstance(value, cst.Name):
        return value.value in received.child
    return mentions(value, received.child)


def _passes_callbacks(value: cst.BaseExpression, received: Received) -> bool:
    """As a config's ``callbacks``, does ``value`` carry the events: the run's child
    callbacks, or the received config's own?"""
    return mentions(value, received.child) or is_config_callbacks(value, received)


def is_child_callbacks(value: cst.BaseExpression, received: Received) -> bool:
    """The run's child callbacks: a tool's ``callbacks``, ``run_manager.get_child()``, a
    name assigned one of these, or one of them behind ``if run_manager else None``."""
    if isinstance(value, cst.Name):
        return value.value in received.child
    if isinstance(value, cst.Call):
        func = value.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get_child"
            and mentions(func.value, received.child)
        )
    if isinstance(value, cst.IfExp):
        return is_child_callbacks(value.body, received) or is_child_callbacks(
            value.orelse, received
        )
    return False


def is_config_callbacks(value: cst.BaseExpression, received: Received) -> bool:
    """The received config's callbacks: ``config["callbacks"]``, ``config.get("callbacks")``
    (with a default too), or either with ``or []``."""
    if isinstance(value, cst.BooleanOperation):
        return is_config_callbacks(value.left, received)
    if isinstance(value, cst.Subscript):
        return (
            len(value.slice) == 1
            and isinstance(value.slice[0].slice, cst.Index)
            and string_value(value.slice[0].slice.value) == "callbacks"
            and built_from(value.value, received)
        )
    if isinstance(value, cst.Call):
        func = value.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get"
            and bool(value.args)
            and value.args[0].keyword is None
            and string_value(value.args[0].value) == "callbacks"
            and built_from(func.value, received)
        )
    return False


@dataclass(frozen=True)
class Binding:
    """A receiver bound to a config that carries the events: ``.with_config(config)``, or
    ``.with_config(callbacks=...)`` with the run's child callbacks or the received
    config's."""

    #: The ``.with_config(callbacks=...)`` call that passes the received config's
    #: callbacks (in a tool, its caller's); None when bound to the config or the child.
    caller: Optional[cst.Call] = field(default=None, compare=False)


def binding_of(expr: cst.BaseExpression, received: Received) -> Optional[Binding]:
    """How a receiver, or a chain on one (``model.with_config(config).bind(...)``), is
    bound to the config; None when it is not."""
    node: Optional[cst.BaseExpression] = expr
    while node is not None:
        if isinstance(node, cst.Await):
            node = node.expression
        elif isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "with_config":
                value = _with_config_value(node)
                if value is not None and built_from(value, received):
                    return Binding()
                callbacks = _keyword(node, "callbacks")
                if callbacks is not None and is_child_callbacks(callbacks, received):
                    return Binding()
                if callbacks is not None and is_config_callbacks(callbacks, received):
                    return Binding(node)
            node = func.value if isinstance(func, cst.Attribute) else None
        elif isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        elif isinstance(node, cst.Name):
            if node.value in received.runnables:
                return Binding()
            caller = received.bound_to_callbacks(node.value)
            return Binding(caller) if caller is not None else None
        else:
            node = None
    return None


def _keyword(call: cst.Call, name: str) -> Optional[cst.BaseExpression]:
    return next(
        (arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == name),
        None,
    )


def _with_config_value(call: cst.Call) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is None and not arg.star:
            return arg.value
        if arg.keyword is not None and arg.keyword.value == "config":
            return arg.value
    return None


def mentions(node: cst.CSTNode, names: Collection[str]) -> bool:
    """Does ``node`` read one of ``names``? Attribute names and keywords are not reads."""
    if not names:
        return False
    finder = _NameFinder(names)
    node.visit(finder)
    return finder.found


class NameReader(cst.CSTVisitor):
    """Visits the names code reads: an attribute's name and a keyword are not reads."""

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False


class _NameFinder(NameReader):
    def __init__(self, names: Collection[str]) -> None:
        self.names = names
        self.found = False

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value in self.names:
            self.found = True
        return False

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not self.found and super().on_visit(node)


def callee_name(node: cst.Call) -> Optional[str]:
    """The name a call calls: ``f`` for ``f(...)`` and ``m.f(...)``."""
    func = node.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


def string_value(node: Optional[cst.BaseExpression]) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None
