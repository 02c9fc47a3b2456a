"""Which files a run looks at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".venv", "venv", "__pycache__", "build", "dist", ".tox", ".nox", "node_modules"}
)


def python_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each ``*.py`` file under the given directories, and each file given by name.

    A path that does not exist is yielded as it is, so the runner reports it. Symlinked
    directories are not followed, which keeps a symlink loop from walking forever.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for root, directories, files in os.walk(path):
            directories[:] = sorted(d for d in directories if d not in SKIPPED_DIRECTORIES)
            for name in sorted(files):
                if name.endswith(".py"):
                    yield Path(root, name)
