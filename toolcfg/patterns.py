"""Path patterns: ``exclude``, ``extend-exclude`` and ``per-file-ignores``.

Patterns are gitignore-style and anchored at a directory: the configuration file's for
the patterns it holds, the working directory for those given on the command line or in
``--config``'s ``KEY = VALUE`` pairs, as ruff anchors each. A pattern matches a path
relative to that directory, or the file's (or directory's) own name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Pattern, Tuple

import pathspec


@dataclass(frozen=True)
class Patterns:
    """Patterns, and the directory (absolute) they are relative to."""

    base: str
    patterns: Tuple[str, ...]

    def matches(self, absolute: str, is_dir: bool = False) -> bool:
        """Does a pattern match the path (absolute), or its name?"""
        spec = compiled(self.patterns)
        if spec.empty:
            return False
        suffix = "/" if is_dir else ""
        if spec.match_file(os.path.basename(absolute) + suffix):
            return True
        relative = relative_string(absolute, self.base)
        return relative is not None and spec.match_file(relative + suffix)


@dataclass(frozen=True)
class PerFileIgnore:
    """A ``per-file-ignores`` entry: the codes not reported in the files ``pattern``
    matches, relative to ``base``."""

    base: str
    pattern: str
    codes: Tuple[str, ...]

    def matches(self, absolute: str) -> bool:
        relative = relative_string(absolute, self.base)
        return relative is not None and compiled((self.pattern,)).match_file(relative)


@lru_cache(maxsize=256)
def compiled(patterns: Tuple[str, ...]) -> Matcher:
    """Compiled patterns; a pure function of them, so memoised across runs."""
    return Matcher(pathspec.GitIgnoreSpec.from_lines(patterns))


class Matcher:
    """gitignore patterns, matched with one regular expression when none is negated:
    discovery asks about every file, and pathspec tries each pattern in turn."""

    def __init__(self, spec: pathspec.PathSpec) -> None:
        self._spec = spec
        regexes = [getattr(pattern, "regex", None) for pattern in spec.patterns]
        includes = [getattr(pattern, "include", None) for pattern in spec.patterns]
        self._union: Optional[Pattern[str]] = None
        if regexes and all(r is not None for r in regexes) and all(i is True for i in includes):
            parts = [re.sub(r"\(\?P<\w+>", "(?:", r.pattern) for r in regexes]  # type: ignore[union-attr]
            self._union = re.compile("|".join(f"(?:{part})" for part in parts))
        self.empty = not spec.patterns

    def match_file(self, path: str) -> bool:
        if self.empty:
            return False
        if self._union is not None:
            return self._union.match(path) is not None
        return bool(self._spec.match_file(path))


def relative_string(absolute: str, root: str) -> Optional[str]:
    """``absolute`` relative to ``root``, with forward slashes; None if it is outside."""
    prefix = root.rstrip(os.sep) + os.sep
    if not absolute.startswith(prefix):
        return None
    return absolute[len(prefix) :].replace(os.sep, "/")
