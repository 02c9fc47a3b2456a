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
class AddImport:
    """Make ``from module import name`` available at run time, at module level."""

    module: str
    name: str


Edit = Union[AddConfigParameter, ForwardConfig, AddImport]


@dataclass(frozen=True)
class Fix:
    edits: Tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    start: Position
    end: Position
    fix: Optional[Fix] = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None
