"""One run: files in, results out.

Everything that touches the file system or LibCST's parser for a whole file lives here;
the analysis itself is the pure ``linter.analyze``. LibCST is imported lazily, so a run
over files that the prefilter rules out never pays for importing it.
"""

from __future__ import annotations

import ast
import difflib
import enum
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

from toolcfg import prefilter
from toolcfg.discovery import Unlisted, python_files
from toolcfg.linter.findings import Finding
from toolcfg.writer import FileChangedError, write_atomic


class Mode(enum.Enum):
    CHECK = "check"
    FIX = "fix"
    DIFF = "diff"


@dataclass(frozen=True)
class FileResult:
    path: Path
    #: What is left to report: after fixing, the findings the fixed text still has.
    findings: Tuple[Finding, ...] = ()
    fixed: int = 0
    diff: str = ""
    error: Optional[str] = None


def run(paths: Iterable[Path], mode: Mode, unsafe_fixes: bool = False) -> List[FileResult]:
    return [
        FileResult(found.path, error=found.message)
        if isinstance(found, Unlisted)
        else check_file(found, mode, unsafe_fixes)
        for found in python_files(paths)
    ]


def applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Will ``--fix`` apply this finding's fix?"""
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)


def check_file(path: Path, mode: Mode, unsafe_fixes: bool = False) -> FileResult:
    try:
        data = _read(path)
    except OSError as error:
        return FileResult(path, error=f"cannot read: {error.strerror or error}")
    if not prefilter.may_have_findings(data):
        return FileResult(path)
    try:
        module, findings = _parse_and_analyze(data)
    except SyntaxError as error:  # also a bad or unknown coding cookie
        return FileResult(path, error=f"cannot parse: {_syntax_error_message(error)}")
    except Exception as error:  # LibCST's ParserSyntaxError is not a SyntaxError
        return FileResult(path, error=f"cannot parse: {_first_line(str(error))}")
    to_fix = [finding for finding in findings if applicable(finding, unsafe_fixes)]
    if mode is Mode.CHECK or not to_fix:
        return FileResult(path, tuple(findings))

    try:
        new = _apply_fixes(module, to_fix, path)
        _, remaining = _parse_and_analyze(new)
        if _compiles(data) and not _compiles(new):
            raise SyntaxError("the fixed text does not compile")
    except Exception as error:  # a bug in toolcfg: keep the file as it is
        return FileResult(
            path,
            tuple(findings),
            error=f"the fix failed, so the file was left unchanged ({type(error).__name__}: "
            f"{error}); please report this",
        )
    fixed = len(findings) - len(remaining)
    if mode is Mode.DIFF:
        return FileResult(path, tuple(remaining), fixed, diff=_unified_diff(path, module, new))
    try:
        write_atomic(path, data, new)
    except (OSError, FileChangedError) as error:
        message = str(error) if isinstance(error, FileChangedError) else error.strerror
        return FileResult(path, tuple(findings), error=f"cannot write: {message}")
    return FileResult(path, tuple(remaining), fixed)


def _read(path: Path) -> bytes:
    """The file's bytes; a named pipe or device is refused rather than read (or waited on)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read()


def _parse_and_analyze(data: bytes):  # type: ignore[no-untyped-def]
    import libcst

    from toolcfg.linter.analyze import analyze_module

    module = libcst.parse_module(data)
    return module, analyze_module(module)


def _apply_fixes(module, findings: Sequence[Finding], path: Path) -> bytes:  # type: ignore[no-untyped-def]
    from libcst.codemod import CodemodContext

    from toolcfg.codemods.forward_config import ForwardConfigCommand

    command = ForwardConfigCommand(CodemodContext(filename=str(path)), findings)
    return command.transform_module(module).bytes


def _compiles(data: bytes) -> bool:
    try:
        ast.parse(data)
    except (SyntaxError, ValueError):
        return False
    return True


def _unified_diff(path: Path, module, new: bytes) -> str:  # type: ignore[no-untyped-def]
    old_text = module.code
    new_text = new.decode(module.encoding)
    return "".join(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=str(path),
            tofile=str(path),
        )
    )


def _syntax_error_message(error: SyntaxError) -> str:
    where = f" (line {error.lineno})" if error.lineno else ""
    return f"{error.msg}{where}"


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[:2]) if lines else text
