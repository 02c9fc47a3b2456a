"""What the analysis reports: findings, and the fix each one carries.

Findings are plain frozen data, free of LibCST nodes, so that the reporter can print them,
a cache can keep them and the codemod can apply them to a freshly parsed tree. Edits name
the node they change by the position of its name, which is unique in a module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple, Union


@dataclass(frozen=True, order=True)
class Position:
    """A place in the source: line and column, both counted from 1 like ruff's."""

    line: int
    column: int


@dataclass(frozen=True)
class AddConfigParameter:
    """Add ``name: annotation`` to the function whose name starts at ``function``."""

    function: Position
    name: str
    annotation: str
    keyword_only: bool


@dataclass(frozen=True)
class ForwardConfig:
    """Pass ``config=<value>`` to the call whose method name starts at ``call``."""

    call: Position
    value: str


@dataclass(frozen=True)
class ChangeParameter:
    """Change the parameter ``name`` of the function whose name starts at ``function``.

    A rename also renames the parameter's uses in the function body.
    """

    function: Position
    name: str
    annotation: Optional[str] = None
    drop_default: bool = False
    keyword_only: bool = False
    rename: Optional[str] = None


@dataclass(frozen=True)
class AddImport:
    """Make ``from module import name`` available at run time, at module level."""

    module: str
    name: str


Edit = Union[AddConfigParameter, ForwardConfig, ChangeParameter, AddImport]


@dataclass(frozen=True)
class Fix:
    edits: Tuple[Edit, ...]
    #: An unsafe fix may change what the code does for some caller; like ruff, it is
    #: applied only with ``--unsafe-fixes``.
    safe: bool = True


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    start: Position
    end: Position
    fix: Optional[Fix] = None
