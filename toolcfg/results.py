"""The types every layer of a run shares: what was asked, and what came of each file (the
role of Fixit's ``ftypes.py``). The reporter reads these without importing the runner."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from toolcfg.linter.findings import Finding
from toolcfg.textedits import TextEdit


class Mode(enum.Enum):
    CHECK = "check"
    FIX = "fix"
    DIFF = "diff"


@dataclass(frozen=True)
class Options:
    mode: Mode = Mode.CHECK
    unsafe_fixes: bool = False
    #: Work out each fix as text edits (for the json, sarif and full formats).
    fix_edits: bool = False
    force_exclude: bool = False
    #: Hand the statements a fix makes too long to the user's formatter.
    lay_out: bool = True


@dataclass(frozen=True)
class FileEdit:
    """A text edit of a fix, in ``path`` (the finding's own file unless a helper's)."""

    path: Path
    edit: TextEdit


@dataclass(frozen=True)
class FileResult:
    path: Path
    #: What is left to report: after fixing, the findings the fixed text still has.
    findings: Tuple[Finding, ...] = ()
    #: The codes of the findings a fix removed.
    fixed: Tuple[str, ...] = ()
    diff: str = ""
    error: Optional[str] = None
    #: The source, for reports that quote it; set only when there are findings.
    source: Optional[str] = None
    #: With ``Options.fix_edits``: the text edits of each finding's fix, or None.
    edits: Tuple[Optional[Tuple[FileEdit, ...]], ...] = ()
    #: The fixed bytes, when the file changed (in fix and diff modes).
    fixed_source: Optional[bytes] = None
    #: Statements a fix made too long that no formatter laid out, and why.
    unformatted: Tuple[str, ...] = ()
    #: Why findings in other files may be missing (this file could not be read or
    #: parsed, and may register functions that LangChain runs).
    warnings: Tuple[str, ...] = ()


def applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Will ``--fix`` apply this finding's fix?"""
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)
