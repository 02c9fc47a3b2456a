"""The first tier, per file: the byte prefilter's verdict, and the module's summary when it
may register a function.

Everything here is a function of a file's bytes alone, so its results are kept by content
hash, in memory between fix passes and editor edits and on disk between runs
(``toolcfg.memo``). ``scan_path`` runs in pool workers: it takes a path and returns plain
data, so a worker reads the file itself rather than receiving its bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple, Union

from toolcfg import notebooks, prefilter
from toolcfg.files import digest, read_regular_file
from toolcfg.index.model import Summary
from toolcfg.index.summary import summarize
from toolcfg.results import Failure, FailureKind, internal_failure, parse_failure


@dataclass(frozen=True)
class Scanned:
    """What the scan learnt of a file: its content hash, whether it may register a
    function, and, if it was summarised, its summary or why it has none."""

    digest: str
    registers: bool
    summary: Optional[Summary] = None
    error: Optional[Failure] = None

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
    try:
        return Scanned(hashed, registers, summarize(data))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return Scanned(hashed, registers, None, parse_failure(error, data))
    except Exception:  # a bug in toolcfg: it costs this file, not the run
        return Scanned(hashed, registers, None, internal_failure())


def scan_path(job: Tuple[str, bool]) -> Union[Scanned, Failure]:
    """Read one file and scan it; or why it cannot be read. Runs in pool workers."""
    path, use_prefilter = job
    try:
        data = read_regular_file(Path(path))
        if notebooks.is_notebook(path):
            data = notebooks.module_bytes(data)
    except OSError as error:
        return read_failure(error)
    return scan_bytes(data, use_prefilter)


def read_failure(error: OSError) -> Failure:
    return Failure(FailureKind.READ, str(error.strerror or error))
