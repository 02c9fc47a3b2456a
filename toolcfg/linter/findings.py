"""What the analysis reports: findings, and the fix each one carries.

Findings are plain frozen data, free of LibCST nodes, so that the reporter can print them,
a cache can keep them and the codemod can apply them to a freshly parsed tree. Edits name
what they change by the position of a name: a function by its name, a call by the name it
calls (``ainvoke`` in ``llm.ainvoke(...)``), which is unique in a module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple, Union


@dataclass(frozen=True, order=True)
class Position:
    """A place in the source: line and column, both counted from 1 like ruff's."""

    line: int
    column: int


@dataclass(frozen=True)
class AddParameter:
    """Add ``name: annotation [= default]`` to the function whose name starts at ``function``:
    appended when the signature allows, else keyword-only; always before ``**kwargs``."""

    function: Position
    name: str
    annotation: str
    keyword_only: bool
    default: Optional[str] = None
    #: A comment for the parameter's line (ruff's ``noqa`` for UP045): the signature is then laid
    #: out one parameter per line, so that the comment stays with it.
    comment: Optional[str] = None


@dataclass(frozen=True)
class ForwardConfig:
    """Pass ``<keyword>=<value>`` to the call whose called name starts at ``call``."""

    call: Position
    value: str
    keyword: str = "config"


@dataclass(frozen=True)
class ReplaceConfig:
    """Replace the config the call at ``call`` passes (as ``<keyword>=`` or as the
    positional argument ``index``) with ``value``, keeping how it is passed."""

    call: Position
    value: str
    keyword: str = "config"
    index: Optional[int] = 1


@dataclass(frozen=True)
class ChangeParameter:
    """Re-annotate, drop the default of, or move keyword-only the parameter ``name`` of
    the function whose name starts at ``function``."""

    function: Position
    name: str
    annotation: Optional[str] = None
    drop_default: bool = False
    keyword_only: bool = False
    #: As ``AddParameter.comment``.
    comment: Optional[str] = None


@dataclass(frozen=True)
class Rename:
    """Rename the names at ``references`` (a parameter and exactly its uses) to ``new``."""

    old: str
    new: str
    references: Tuple[Position, ...]


@dataclass(frozen=True)
class AddImport:
    """Make ``from module import name`` available at run time, at module level."""

    module: str
    name: str


Edit = Union[AddParameter, ForwardConfig, ReplaceConfig, ChangeParameter, Rename, AddImport]


@dataclass(frozen=True)
class HelperFixRef:
    """The fix a helper in ``path`` needs (its ``key``), carried out with this one."""

    path: str
    key: str


@dataclass(frozen=True)
class FileEdits:
    """Edits of another file than the finding's: a helper the fix changes too."""

    path: str
    edits: Tuple[Edit, ...]


@dataclass(frozen=True)
class Fix:
    edits: Tuple[Edit, ...]
    #: An unsafe fix may change what the code does for some caller; like ruff, it is
    #: applied only with ``--unsafe-fixes``.
    safe: bool = True
    #: Helpers this fix must change too; the runner turns them into ``elsewhere`` and
    #: ``edits``.
    helpers: Tuple[HelperFixRef, ...] = ()
    elsewhere: Tuple[FileEdits, ...] = ()


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    start: Position
    end: Position
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class FileAnalysis:
    """What the analysis of one file found: the runner caches it and links helper fixes
    across files, without LibCST."""

    findings: Tuple[Finding, ...]
    #: The fix each helper of the file needs, by key, when a caller's fix changes it; None,
    #: with the reason, when it cannot be fixed.
    helper_fixes: Mapping[str, Tuple[Optional[Fix], str]] = field(default_factory=dict)
