"""What every output format prints, one shape for a finding and for a file that failed.

A file that could not be read, parsed, fixed or written is a diagnostic of its own, named
by its kind (``parse-error``), as ruff reports ``invalid-syntax``: each format iterates
over ``diagnostics(...)`` and so can neither forget failures nor report them apart. A
failure that stopped the run (invalid settings) has no file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple

from toolcfg.linter.findings import Finding, Position
from toolcfg.notebooks import Notebook
from toolcfg.results import Failure, FileEdit, FileResult, applicable
from toolcfg.rules import RULES

Style = Callable[..., str]

#: Where toolcfg lives: its README, whose Rules table holds an anchor for each code
#: (``#tcf001``). ``url`` in JSON, ``helpUri`` in SARIF and rdjson's ``url`` point there.
#: The distribution declares the same address (``[project.urls] Homepage``), and a test
#: holds them equal: a fork that publishes elsewhere changes both.
HOMEPAGE = "https://github.com/toolcfg/toolcfg"


def plain(text: str, **_: Any) -> str:
    return text


def rule_url(code: str) -> str:
    """Where the documentation of ``code`` (``toolcfg rule CODE``) is on the web."""
    return f"{HOMEPAGE}#{code.lower()}"


@dataclass(frozen=True)
class Diagnostic:
    """A finding, or a failure, as the formats print it."""

    #: ``TCF001``, or the failure's name (``parse-error``).
    code: str
    #: The rule's name (``tool-missing-config``), or the failure's.
    name: str
    message: str
    #: As the run names it (relative when given so); None for a failure of the run.
    path: Optional[Path]
    #: Where it is in the text checked: in a notebook, the module of its code cells
    #: (``shown`` gives the place in its cell).
    start: Position
    end: Position
    #: Is it a file that failed, rather than a finding?
    failure: bool = False
    #: The finding's fix: is it safe, will ``--fix`` apply it, what ruff calls its title,
    #: and its text edits when the run worked them out (``Options.fix_edits``).
    has_fix: bool = False
    safe: bool = True
    applicable: bool = False
    fix_title: Optional[str] = None
    edits: Optional[Tuple[FileEdit, ...]] = None
    #: The line a noqa comment must be on to silence it; None for a failure.
    noqa_row: Optional[int] = None
    #: A failure's line of code, for the full format's caret.
    source_line: Optional[str] = None
    #: The notebook the file is, whose cells the positions are counted across.
    notebook: Optional[Notebook] = None

    @property
    def absolute(self) -> Optional[str]:
        return absolute(self.path) if self.path is not None else None

    @property
    def url(self) -> Optional[str]:
        return None if self.failure else rule_url(self.code)

    @property
    def cell(self) -> Optional[int]:
        """In a notebook, the number of the cell it is in, as ruff counts cells."""
        return self.notebook.position(self.start)[0] if self.notebook is not None else None

    def shown(self, position: Position) -> Position:
        """A position of the file as a person finds it: in a notebook, in its cell."""
        return self.notebook.position(position)[1] if self.notebook is not None else position

    @property
    def location(self) -> str:
        """``path:line:col``, or ``path:cell N:line:col`` in a notebook, as the text formats
        lead with it (as ruff's)."""
        start, cell = self.shown(self.start), self.cell
        inside = f"cell {cell}:" if cell is not None else ""
        return f"{self.path}:{inside}{start.line}:{start.column}"

    def edit_span(self, item: FileEdit) -> Tuple[Position, Position]:
        """Where an edit of the fix is, as a person finds it: in a notebook, an edit of the
        finding's own file in its cell."""
        if item.path != self.path:
            return item.edit.start, item.edit.end
        return self.shown(item.edit.start), self.shown(item.edit.end)


def by_path(results: Sequence[FileResult]) -> List[FileResult]:
    return sorted(results, key=lambda result: str(result.path))


def diagnostics(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> Iterator[Diagnostic]:
    """Every failure of the run (``errors``), then, by path, each file's failure and its
    findings in order."""
    for failure in errors:
        yield of_failure(None, failure)
    for result in by_path(results):
        if result.failure is not None:
            yield of_failure(result.path, result.failure, result.notebook)
        for index, finding in enumerate(result.findings):
            edits = result.edits[index] if index < len(result.edits) else None
            yield of_finding(result.path, finding, unsafe_fixes, edits, result.notebook)


def of_failure(
    path: Optional[Path], failure: Failure, notebook: Optional[Notebook] = None
) -> Diagnostic:
    return Diagnostic(
        failure.code,
        failure.code,
        failure.message,
        path,
        failure.start,
        failure.start,
        failure=True,
        source_line=failure.source_line,
        notebook=notebook,
    )


def of_finding(
    path: Path,
    finding: Finding,
    unsafe_fixes: bool,
    edits: Optional[Tuple[FileEdit, ...]] = None,
    notebook: Optional[Notebook] = None,
) -> Diagnostic:
    rule = RULES.get(finding.code)
    fix = finding.fix
    return Diagnostic(
        finding.code,
        rule.name if rule is not None else finding.code,
        finding.message,
        path,
        finding.start,
        finding.end,
        has_fix=fix is not None,
        safe=fix is None or fix.safe,
        applicable=applicable(finding, unsafe_fixes),
        fix_title=rule.fix_title if rule is not None else None,
        edits=edits if fix is not None else None,
        noqa_row=(notebook.position(finding.start)[1] if notebook else finding.start).line,
        notebook=notebook,
    )


def absolute(path: Path) -> str:
    """The path made absolute, as ruff's machine formats name files; stdin read without
    a name (``-``) stays ``-``, as in ruff."""
    return str(path) if str(path) == "-" else os.path.abspath(path)
