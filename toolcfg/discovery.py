"""Which files a run looks at."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Set, Union

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".venv", "venv", "__pycache__", "build", "dist", ".tox", ".nox", "node_modules"}
)


@dataclass(frozen=True)
class Unlisted:
    """A directory that could not be listed, so its files were not checked."""

    path: Path
    message: str


def python_files(paths: Iterable[Path]) -> Iterator[Union[Path, Unlisted]]:
    """Each ``*.py`` file under the given directories, and each file given by name, once.

    A path that does not exist is yielded as it is, so the runner reports it. Symlinked
    directories are not followed, which keeps a symlink loop from walking forever.
    """
    seen: Set[str] = set()
    for path in paths:
        for found in _walk(path):
            key = os.path.abspath(found.path if isinstance(found, Unlisted) else found)
            if key not in seen:
                seen.add(key)
                yield found


def _walk(path: Path) -> Iterator[Union[Path, Unlisted]]:
    if not path.is_dir():
        yield path
        return
    errors = []
    for root, directories, files in os.walk(path, onerror=errors.append):
        directories[:] = sorted(d for d in directories if d not in SKIPPED_DIRECTORIES)
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(root, name)
    for error in errors:
        yield Unlisted(Path(error.filename), f"cannot list directory: {error.strerror}")
