"""A progress line on a terminal, for runs long enough to wonder about.

ruff is too fast to need one; toolcfg's first run over a large project takes seconds. When
standard error is a terminal, and only once a run has taken about two seconds, one line on
it says how far indexing, analysis and fixing have come, rewritten in place and cleared at
the end. Never in CI, under pre-commit, or when standard error is a file or a pipe, where
a line rewritten in place is noise in a log.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, Mapping, Optional, TextIO

#: How long a run goes before it shows its progress, in seconds.
DELAY = 2.0
#: How often the line is rewritten at most, in seconds.
INTERVAL = 0.1

_WORDS = {"indexed": "indexing", "analysed": "analysing", "fixed": "fixing"}


def wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether a progress line belongs on ``stream``: a terminal, outside CI and
    pre-commit (which set ``CI`` and ``PRE_COMMIT``)."""
    if environ.get("CI") or environ.get("PRE_COMMIT") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


class Line:
    """The progress callback the pipeline is given (``Progress``): ``stage``, ``done`` of
    ``total``. ``clock`` is for tests."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.shown = 0.0
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < DELAY or (now - self.shown < INTERVAL and done < total):
            return
        self.shown = now
        text = f"toolcfg: {_WORDS.get(stage, stage)} {done}/{total} files"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        """Take the line away, so that what is printed next starts on a clean line."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def for_run(
    stream: Optional[TextIO] = None, environ: Optional[Mapping[str, str]] = None
) -> Optional[Line]:
    """A progress line for this run on ``stream`` (standard error), or None where none
    belongs."""
    stream = sys.stderr if stream is None else stream
    return Line(stream) if wanted(stream, os.environ if environ is None else environ) else None
