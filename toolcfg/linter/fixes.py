"""Nodes into positions, in one place: a decision's changes become the position-keyed edits
a finding carries and the codemod applies."""

from __future__ import annotations

from typing import Callable, Optional, Tuple

import libcst as cst

from toolcfg.linter import changes as change
from toolcfg.linter.findings import (
    AddParameter,
    ChangeParameter,
    Edit,
    Fix,
    ForwardConfig,
    Position,
    Rename,
    ReplaceConfig,
)

#: Where a node starts in the file, from 1, however the node was parsed.
Locate = Callable[[cst.CSTNode], Position]


def called_name(call: cst.Call) -> cst.CSTNode:
    """The name a call calls: ``ainvoke`` in ``llm.ainvoke(...)``, ``f`` in ``f(...)``."""
    func = call.func
    return func.attr if isinstance(func, cst.Attribute) else func


def to_fix(plan: Optional[change.FixPlan], locate: Locate) -> Optional[Fix]:
    if plan is None:
        return None
    edits = tuple(dict.fromkeys(_edit(item, locate) for item in plan.changes))
    return Fix(edits, plan.safe, plan.helpers)


def _edit(item: change.Change, locate: Locate) -> Edit:
    if isinstance(item, change.AddParam):
        return AddParameter(
            locate(item.function.name),
            item.name,
            item.annotation,
            item.keyword_only,
            item.default,
            item.comment,
        )
    if isinstance(item, change.Forward):
        return ForwardConfig(locate(called_name(item.call)), item.value, item.keyword)
    if isinstance(item, change.Replace):
        return ReplaceConfig(locate(called_name(item.call)), item.value, item.keyword, item.index)
    if isinstance(item, change.ChangeParam):
        return ChangeParameter(
            locate(item.function.name),
            item.name,
            item.annotation,
            item.drop_default,
            item.keyword_only,
            item.comment,
        )
    if isinstance(item, change.RenameRefs):
        references: Tuple[Position, ...] = tuple(sorted(locate(name) for name in item.names))
        return Rename(item.old, item.new, references)
    return item  # an AddImport holds no node
