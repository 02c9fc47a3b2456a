"""What a fix changes, said with the nodes the decisions looked at; ``fixes.py`` turns them
into position-keyed edits, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple, Union

import libcst as cst

from toolcfg.linter.findings import AddImport, HelperFixRef


@dataclass(frozen=True)
class AddParam:
    function: cst.FunctionDef = field(hash=False, compare=False)
    name: str
    annotation: str
    keyword_only: bool
    default: Optional[str] = None
    #: A comment for the parameter's own line (ruff's ``noqa`` for UP045).
    comment: Optional[str] = None


@dataclass(frozen=True)
class Forward:
    """Pass ``<keyword>=<value>`` to a call."""

    call: cst.Call = field(hash=False, compare=False)
    value: str
    keyword: str = "config"


@dataclass(frozen=True)
class Replace:
    """Replace the config argument a call passes."""

    call: cst.Call = field(hash=False, compare=False)
    value: str
    keyword: str = "config"
    index: Optional[int] = 1


@dataclass(frozen=True)
class ChangeParam:
    function: cst.FunctionDef = field(hash=False, compare=False)
    name: str
    annotation: Optional[str] = None
    drop_default: bool = False
    keyword_only: bool = False
    #: A comment for the parameter's own line (ruff's ``noqa`` for UP045).
    comment: Optional[str] = None


@dataclass(frozen=True)
class RenameRefs:
    old: str
    new: str
    names: Tuple[cst.Name, ...] = field(hash=False, compare=False)


#: An import names no node: the decision and the edit are one.
Import = AddImport

Change = Union[AddParam, Forward, Replace, ChangeParam, RenameRefs, AddImport]


@dataclass(frozen=True)
class FixPlan:
    changes: Tuple[Change, ...]
    safe: bool = True
    helpers: Tuple[HelperFixRef, ...] = ()

    def __add__(self, other: FixPlan) -> FixPlan:
        return FixPlan(
            self.changes + other.changes,
            self.safe and other.safe,
            tuple(dict.fromkeys(self.helpers + other.helpers)),
        )
