"""The first tier, per file: the byte prefilter's verdict, and the module's summary when it
may register a function.

Everything here is a function of a file's bytes alone, so its results are kept by content
hash, in memory between fix passes and editor edits and on disk between runs
(``toolcfg.memo``). ``scan_path`` runs in pool workers: it takes a path and returns plain
data, so a worker reads the file itself rather than receiving its bytes.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple, Union

from toolcfg import prefilter
from toolcfg.files import digest, read_regular_file
from toolcfg.index.model import Summary
from toolcfg.index.summary import summarize

INTERNAL_ERROR = (
    "internal error in toolcfg while analysing this file; the other files were still "
    "checked. Please report it with this traceback:\n{traceback}"
)


@dataclass(frozen=True)
class Scanned:
    """What the scan learnt of a file: its content hash, whether it may register a
    function, and, if it was summarised, its summary or why it has none."""

    digest: str
    registers: bool
    summary: Optional[Summary] = None
    error: Optional[str] = None

    @property
    def summarised(self) -> bool:
        return self.summary is not None or self.error is not None


def scan_bytes(data: bytes, use_prefilter: bool = True) -> Scanned:
    """The prefilter's verdict on ``data``, and its summary if it may register anything
    (every file's, with the prefilter switched off)."""
    if use_prefilter and not prefilter.may_register(data):
        return Scanned(digest(data), False)
    return summarised(data, True)


def summarised(data: bytes, registers: bool) -> Scanned:
    """``data`` summarised: a module the index must read though the prefilter passed it by
    (an imported helper, say) is summarised with ``registers`` False."""
    hashed = digest(data)
    summary, error = summary_or_error(data)
    return Scanned(hashed, registers, summary, error)


def summary_or_error(data: bytes) -> Tuple[Optional[Summary], Optional[str]]:
    try:
        return summarize(data), None
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return None, syntax_error_message(error)
    except Exception:  # a bug in toolcfg: it costs this file, not the run
        return None, internal_error()


def scan_path(job: Tuple[str, bool]) -> Union[Scanned, str]:
    """Read one file and scan it; or why it cannot be read. Runs in pool workers."""
    path, use_prefilter = job
    try:
        data = read_regular_file(Path(path))
    except OSError as error:
        return read_error_message(error)
    return scan_bytes(data, use_prefilter)


def read_error_message(error: OSError) -> str:
    return f"cannot read: {error.strerror or error}"


def syntax_error_message(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        where = f" (line {error.lineno})" if error.lineno else ""
        return f"cannot parse: {error.msg}{where}"
    if isinstance(error, RecursionError):
        return "cannot parse: the code is nested too deeply"
    return f"cannot parse: {first_line(str(error))}"


def internal_error() -> str:
    """The message for the exception being handled, a bug in toolcfg."""
    return INTERNAL_ERROR.format(traceback=traceback.format_exc().rstrip())


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[:2]) if lines else text
