"""Which calls run a runnable, and whether they pass the caller's config on.

We cannot know types, so a runnable call is recognised by its method name and by its
shape: a runnable method always takes its input as the first positional argument or as
``input=``. That keeps boto3's ``client.invoke(FunctionName=...)`` out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Collection, FrozenSet, Iterable, Optional, Sequence, Tuple

import libcst as cst

RUNNABLE_METHODS: FrozenSet[str] = frozenset(
    {
        "ainvoke",
        "astream",
        "astream_events",
        "astream_log",
        "abatch",
        "abatch_as_completed",
        "atransform",
        # Sync calls inside an async callable lose the config too (FACTS.md).
        "invoke",
        "stream",
        "batch",
    }
)


class Verdict(enum.Enum):
    FORWARDS = "forwards"
    DROPS = "drops"
    #: An explicit config that is not built from the received one.
    FOREIGN = "foreign"
    #: ``*args`` or ``**kwargs``: we cannot tell, so we stay quiet.
    UNKNOWN = "unknown"


def runnable_method(call: cst.Call) -> Optional[str]:
    """The method name when ``call`` looks like a runnable call, otherwise None."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in RUNNABLE_METHODS:
        return None
    first = call.args[0] if call.args else None
    has_input = (first is not None and first.keyword is None and first.star != "**") or any(
        arg.keyword is not None and arg.keyword.value == "input" for arg in call.args
    )
    return func.attr.value if has_input else None


@dataclass(frozen=True)
class Received:
    """The local names that hold the received config, or a runnable bound to it."""

    #: Config values: the parameter, ``{**config, ...}``, ``patch_config(config, ...)``, ...
    configs: FrozenSet[str]
    #: Runnables built with ``.with_config(config)``.
    runnables: FrozenSet[str] = frozenset()


def received_names(
    roots: Iterable[str], assignments: Iterable[Tuple[Sequence[str], cst.CSTNode]]
) -> Received:
    """Follow assignments from the ``roots``, transitively, to every name built from them.

    A value merely computed from the config, such as ``Configuration.from_runnable_config(
    config)``, counts as a config, but a model loaded from it does not count as bound.
    """
    pending = list(assignments)
    configs, runnables = set(roots), set()
    changed = True
    while changed:
        changed = False
        for targets, value in pending:
            received = Received(frozenset(configs), frozenset(runnables))
            if not set(targets) <= configs and mentions(value, configs):
                configs.update(targets)
                changed = True
            if not set(targets) <= runnables and _bound_to_config(value, received):
                runnables.update(targets)
                changed = True
    return Received(frozenset(configs), frozenset(runnables))


def classify(call: cst.Call, received: Received) -> Verdict:
    """Does this runnable call forward the received config?"""
    if any(arg.star for arg in call.args):
        return Verdict.UNKNOWN
    positional = [arg for arg in call.args if arg.keyword is None]
    if len(positional) >= 2:
        return Verdict.FORWARDS
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "config":
            return Verdict.FORWARDS if mentions(arg.value, received.configs) else Verdict.FOREIGN
    assert isinstance(call.func, cst.Attribute)
    if _bound_to_config(call.func.value, received):
        return Verdict.FORWARDS
    return Verdict.DROPS


def _bound_to_config(expr: cst.BaseExpression, received: Received) -> bool:
    """``model.with_config(config)``, or a chain on a runnable already bound to the config."""
    node: Optional[cst.BaseExpression] = expr
    while node is not None:
        if isinstance(node, cst.Await):
            node = node.expression
        elif isinstance(node, cst.Call):
            func = node.func
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value == "with_config"
                and any(mentions(arg.value, received.configs) for arg in node.args)
            ):
                return True
            node = func.value if isinstance(func, cst.Attribute) else None
        elif isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        elif isinstance(node, cst.Name):
            return node.value in received.runnables
        else:
            node = None
    return False


def mentions(node: cst.CSTNode, names: Collection[str]) -> bool:
    """Does ``node`` read one of ``names``? Attribute names and keywords are not reads."""
    finder = _NameFinder(names)
    node.visit(finder)
    return finder.found


class _NameFinder(cst.CSTVisitor):
    def __init__(self, names: Collection[str]) -> None:
        self.names = names
        self.found = False

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value in self.names:
            self.found = True
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not self.found and super().on_visit(node)


#: Helpers that take a RunnableConfig first.
_CONFIG_FUNCTIONS = frozenset(
    {
        "patch_config",
        "ensure_config",
        "merge_configs",
        "from_runnable_config",
        "get_callback_manager_for_config",
    }
)
#: Keys only a RunnableConfig has.
_CONFIG_KEYS = frozenset(
    {"configurable", "callbacks", "run_name", "recursion_limit", "max_concurrency"}
)


def used_as_config(name: str, body: cst.CSTNode) -> bool:
    """Does the code treat ``name`` as a RunnableConfig?

    A parameter called ``config`` may be a real tool argument (a settings dict the model
    fills in). Only if the body forwards it to a runnable, hands it to a config helper or
    reads a key that only a RunnableConfig has is it the caller's config.
    """
    finder = _ConfigUse(name)
    body.visit(finder)
    return finder.found


class _ConfigUse(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        self.name = name
        self.found = False

    def _is_name(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Name) and node.value == self.name

    def visit_Call(self, node: cst.Call) -> None:
        if self._forwards(node) or self._passes_to_helper(node) or self._reads_key(node):
            self.found = True

    def _forwards(self, node: cst.Call) -> bool:
        """``x.ainvoke(input, config)`` or anything with ``config=config``."""
        keyword = any(
            arg.keyword is not None and arg.keyword.value == "config" and self._is_name(arg.value)
            for arg in node.args
        )
        positional = [arg for arg in node.args if arg.keyword is None]
        return keyword or (
            _called(node) in RUNNABLE_METHODS
            and len(positional) >= 2
            and self._is_name(positional[1].value)
        )

    def _passes_to_helper(self, node: cst.Call) -> bool:
        """``patch_config(config, ...)`` and the like."""
        return (
            _called(node) in _CONFIG_FUNCTIONS
            and bool(node.args)
            and node.args[0].keyword is None
            and self._is_name(node.args[0].value)
        )

    def _reads_key(self, node: cst.Call) -> bool:
        """``config.get("configurable")``."""
        func = node.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get"
            and self._is_name(func.value)
            and bool(node.args)
            and _string(node.args[0].value) in _CONFIG_KEYS
        )

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if self._is_name(node.value) and any(
            isinstance(element.slice, cst.Index) and _string(element.slice.value) in _CONFIG_KEYS
            for element in node.slice
        ):
            self.found = True

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not self.found and super().on_visit(node)


def _called(node: cst.Call) -> Optional[str]:
    """The name a call calls: ``f`` for ``f(...)`` and ``m.f(...)``."""
    func = node.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None
