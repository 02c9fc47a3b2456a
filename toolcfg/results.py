"""The types every layer of a run shares: what was asked, and what came of each file (the
role of Fixit's ``ftypes.py``). The reporter reads these without importing the runner."""

from __future__ import annotations

import ast
import codecs
import enum
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from toolcfg.files import decode
from toolcfg.linter.findings import Finding, Position
from toolcfg.notebooks import Notebook
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
    #: ``--add-noqa``: write a noqa comment for each finding, followed by this reason (empty
    #: for none); None to leave the files alone.
    add_noqa: Optional[str] = None


@dataclass(frozen=True)
class FileEdit:
    """A text edit of a fix, in ``path`` (the finding's own file unless a helper's)."""

    path: Path
    edit: TextEdit


class FailureKind(enum.Enum):
    """What could not be done with a file (or, for ``SETTINGS``, with the run). Each kind
    has a stable name, ``<kind>-error``, which every output format reports where a finding
    has its code, as ruff reports ``invalid-syntax``."""

    READ = "read"
    PARSE = "parse"
    #: Applying a fix failed, so the file was left as it was (under --fix or --diff).
    FIX = "fix"
    WRITE = "write"
    #: A bug in toolcfg, which cost this file only.
    INTERNAL = "internal"
    #: A configuration that cannot be used: the run stops.
    SETTINGS = "settings"

    @property
    def code(self) -> str:
        return f"{self.value}-error"

    @property
    def summary(self) -> str:
        """One line on the kind, as SARIF describes a rule."""
        return _SUMMARIES[self]

    @property
    def undone(self) -> str:
        """What the summary says could not be done with a file that failed so."""
        return {FailureKind.FIX: "fixed", FailureKind.WRITE: "written"}.get(self, "checked")


_SUMMARIES = {
    FailureKind.READ: "A file toolcfg could not read, so it was not checked",
    FailureKind.PARSE: "A file Python cannot parse or decode, so it was not checked",
    FailureKind.FIX: "A file whose fix failed, so it was left unchanged",
    FailureKind.WRITE: "A file toolcfg fixed but could not write, so it was left unchanged",
    FailureKind.INTERNAL: "A file toolcfg could not check because of a bug in toolcfg",
    FailureKind.SETTINGS: "A configuration toolcfg cannot use, so nothing was checked",
}

#: What a person reads before the message: "cannot read: Permission denied".
_SAYS = {
    FailureKind.READ: "cannot read: ",
    FailureKind.PARSE: "cannot parse: ",
    FailureKind.WRITE: "cannot write: ",
}

#: The message of a bug in toolcfg; its traceback is the failure's ``detail``.
INTERNAL_ERROR = (
    "internal error in toolcfg while analysing this file; please report it with the "
    "traceback printed on stderr"
)


@dataclass(frozen=True)
class Failure:
    """Why a file could not be checked, fixed or written: reported as a diagnostic of its
    file in every format, at ``line``:``column`` when the failure has a place there (a
    syntax error) and at 1:1 otherwise. Plain data, so that pool workers can return it."""

    kind: FailureKind
    #: One line, for the report: "Permission denied", "invalid syntax".
    message: str
    #: From 1; None when the failure has no place in the file.
    line: Optional[int] = None
    column: Optional[int] = None
    #: The line of code at ``line``, for the full format's caret; None if not known.
    source_line: Optional[str] = None
    #: What a person needs beyond the message, printed on stderr: a bug's traceback.
    detail: str = ""

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def start(self) -> Position:
        return Position(self.line or 1, self.column or 1)

    @property
    def text(self) -> str:
        """The failure as the ``error:`` line on stderr says it, with any detail below."""
        where = f" (line {self.line})" if self.kind is FailureKind.PARSE and self.line else ""
        text = f"{_SAYS.get(self.kind, '')}{self.message}{where}"
        return f"{text}:\n{self.detail}" if self.detail else text


def internal_failure() -> Failure:
    """The failure for the exception being handled, a bug in toolcfg."""
    return Failure(FailureKind.INTERNAL, INTERNAL_ERROR, detail=traceback.format_exc().rstrip())


def parse_failure(error: BaseException, data: Optional[bytes] = None) -> Failure:
    """A file that Python cannot parse (or decode), from the error that said so and, to
    place it, the file's bytes: ``ast.parse`` of bytes gives byte offsets before Python
    3.13 and character offsets after, so the text is parsed again, as text, for a column
    that means the same on every Python. Only a failed file pays for this."""
    if isinstance(error, RecursionError):
        return Failure(FailureKind.PARSE, "the code is nested too deeply")
    if isinstance(error, SyntaxError):
        message = error.msg
    else:  # NUL bytes (ValueError before Python 3.12), MemoryError
        message = _first_line(str(error)) or type(error).__name__
    failure = Failure(FailureKind.PARSE, message)
    placed = _place(failure, error, data)
    if placed.line is None and data is not None and b"\0" in data:
        return _at(failure, data, data.index(b"\0"))
    return placed


def _place(failure: Failure, error: BaseException, data: Optional[bytes]) -> Failure:
    if isinstance(error.__cause__, UnicodeDecodeError):  # from files.decode
        return _undecodable(failure.message, error.__cause__)
    if not isinstance(error, SyntaxError):
        return failure
    if data is None:
        return _placed(failure, error)
    try:
        text = decode(data).text
    except SyntaxError as undecodable:
        # Python's own message counts from the string literal the byte is in
        # ("position 0"); this one names the encoding and counts from the file's start.
        if isinstance(undecodable.__cause__, UnicodeDecodeError):
            return _undecodable(undecodable.msg, undecodable.__cause__)
        # ``tokenize`` checks the first two lines itself and names no byte ("invalid or
        # missing encoding declaration"): the first that is not UTF-8, if any.
        body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as utf8:
            return _undecodable(f"{undecodable.msg}: {utf8}", utf8)
        return failure  # an unknown coding cookie: no place in the file
    try:
        compile(text, "<file>", "exec", _FLAGS, dont_inherit=True)
    except SyntaxError as again:
        if again.lineno == error.lineno:
            return _placed(failure, again)
        # This Python stops earlier, at syntax newer than its own, which the index reads
        # (``index.grammar``): the real error is the one the index found, further on.
    except (ValueError, RecursionError, MemoryError):
        return failure
    return _placed(failure, _in_characters(error, text))


#: As the index compiles a module: top-level ``await`` is valid in a notebook's cells.
_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def _in_characters(error: SyntaxError, text: str) -> SyntaxError:
    """``error`` with its column counted in characters: ``ast`` counts UTF-8 bytes in
    what it was given as bytes, before Python 3.13."""
    if sys.version_info >= (3, 13) or not error.lineno or not error.offset:
        return error
    lines = text.splitlines()
    if error.lineno > len(lines):
        return error
    line = lines[error.lineno - 1]
    column = len(line.encode("utf-8")[: error.offset - 1].decode("utf-8", "ignore")) + 1
    return SyntaxError(error.msg, (error.filename, error.lineno, column, line + "\n"))


def _undecodable(message: str, error: UnicodeDecodeError) -> Failure:
    return _at(Failure(FailureKind.PARSE, message), error.object, error.start, error.encoding)


def _placed(failure: Failure, error: SyntaxError) -> Failure:
    if not error.lineno or error.lineno < 1:
        return failure
    column = error.offset if error.offset and error.offset > 0 else 1
    line = error.text.rstrip("\r\n") if error.text is not None else None
    return Failure(failure.kind, failure.message, error.lineno, column, line, failure.detail)


def _at(failure: Failure, data: Optional[bytes], index: int, encoding: str = "utf-8") -> Failure:
    """``failure`` placed at byte ``index`` of ``data``: lines end as Python ends them
    (LF, CRLF or a lone CR), and the column counts characters."""
    if data is None or index < 0:
        return failure
    before = data[:index].splitlines(keepends=True)
    if not before or before[-1].endswith((b"\n", b"\r")):
        number, start = len(before) + 1, index
    else:
        number, start = len(before), index - len(before[-1])
    rest = data[start:].splitlines()
    line = (rest[0] if rest else b"").decode(encoding, "replace")
    return Failure(
        failure.kind,
        failure.message,
        number,
        len(data[start:index].decode(encoding, "replace")) + 1,
        # A byte that did not decode, or a NUL, is shown as U+FFFD: one column, as counted.
        "".join(c if c.isprintable() or c == "\t" else "\ufffd" for c in line),
        failure.detail,
    )


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else text


@dataclass(frozen=True)
class FileResult:
    path: Path
    #: What is left to report: after fixing, the findings the fixed text still has.
    findings: Tuple[Finding, ...] = ()
    #: The codes of the findings a fix removed.
    fixed: Tuple[str, ...] = ()
    diff: str = ""
    #: Why the file could not be checked, fixed or written; then it has no findings.
    failure: Optional[Failure] = None
    #: The source, for reports that quote it; set only when there are findings.
    source: Optional[str] = None
    #: With ``Options.fix_edits``: the text edits of each finding's fix, or None.
    edits: Tuple[Optional[Tuple[FileEdit, ...]], ...] = ()
    #: The fixed bytes, when the file changed (in fix and diff modes).
    fixed_source: Optional[bytes] = None
    #: Statements a fix made too long that no formatter laid out, and why.
    unformatted: Tuple[str, ...] = ()
    #: The notebook the file is, whose cells' module the positions count in.
    notebook: Optional[Notebook] = None
    #: Why findings in other files may be missing (this file could not be read or
    #: parsed, and may register functions that LangChain runs).
    warnings: Tuple[str, ...] = ()
    #: With ``Options.add_noqa``: how many lines got a noqa comment written.
    noqa_added: int = 0

    @property
    def error(self) -> Optional[str]:
        """The failure as a person reads it ("cannot read: Permission denied"), or None."""
        return self.failure.text if self.failure is not None else None


def applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Will ``--fix`` apply this finding's fix?"""
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)
