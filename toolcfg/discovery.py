"""Which files a run looks at: paths, ``exclude`` settings and ``.gitignore``.

Discovery touches every file of the tree, so it works on path strings and looks settings
up once per directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Set, Tuple, Union

import pathspec

from toolcfg.settings import Resolver


@dataclass(frozen=True)
class Unlisted:
    """A directory that could not be listed, so its files were not checked."""

    path: Path
    message: str


def python_files(
    paths: Iterable[Path], resolver: Resolver, force_exclude: bool = False
) -> Iterator[Union[Path, Unlisted]]:
    """Each ``*.py`` file under the given directories, and each file given by name, once.

    Like ruff, a file named on the command line is checked even if it is excluded, unless
    ``force_exclude`` is set (pre-commit passes files by name). A path that does not exist
    is yielded as it is, so the runner reports it. Symlinked directories are not followed,
    which keeps a symlink loop from walking forever.
    """
    seen: Set[str] = set()
    for path in paths:
        for found in _walk(path, resolver, force_exclude):
            key = os.path.abspath(found.path if isinstance(found, Unlisted) else found)
            if key not in seen:
                seen.add(key)
                yield found


def _walk(path: Path, resolver: Resolver, force_exclude: bool) -> Iterator[Union[Path, Unlisted]]:
    if not path.is_dir():
        if not force_exclude or not _skipped(os.path.abspath(path), resolver.for_file(path), False):
            yield path
        return
    errors: List[OSError] = []
    for root, directories, files in os.walk(path, onerror=errors.append):
        settings = resolver.for_directory(root)
        absolute = os.path.abspath(root)
        directories[:] = sorted(
            d for d in directories if not _skipped(os.path.join(absolute, d), settings, True)
        )
        for name in sorted(files):
            if name.endswith(".py") and not _skipped(os.path.join(absolute, name), settings, False):
                yield Path(root, name)
    for error in errors:
        yield Unlisted(Path(error.filename), f"cannot list directory: {error.strerror}")


def _skipped(absolute: str, settings, is_dir: bool) -> bool:  # type: ignore[no-untyped-def]
    if settings.excludes(absolute, is_dir):
        return True
    return settings.respect_gitignore and _gitignored(absolute, is_dir)


def _gitignored(absolute: str, is_dir: bool) -> bool:
    suffix = "/" if is_dir else ""
    for base, spec in _gitignores(os.path.dirname(absolute)):
        relative = absolute[len(base) + 1 :].replace(os.sep, "/")
        if spec.match_file(relative + suffix):
            return True
    return False


@lru_cache(maxsize=None)
def _gitignores(directory: str) -> Tuple[Tuple[str, pathspec.PathSpec], ...]:
    """The ``.gitignore`` files that apply in ``directory``, up to its git repository's root.

    As with git (and ruff), they count only inside a repository.
    """
    if os.path.exists(os.path.join(directory, ".git")):
        return _own_gitignore(directory)
    parent = os.path.dirname(directory)
    if parent == directory:
        return ()
    above = _gitignores(parent)
    if not above and not _in_repository(parent):
        return ()
    return above + _own_gitignore(directory)


@lru_cache(maxsize=None)
def _in_repository(directory: str) -> bool:
    if os.path.exists(os.path.join(directory, ".git")):
        return True
    parent = os.path.dirname(directory)
    return parent != directory and _in_repository(parent)


def _own_gitignore(directory: str) -> Tuple[Tuple[str, pathspec.PathSpec], ...]:
    spec = _read_gitignore(os.path.join(directory, ".gitignore"))
    return ((directory, spec),) if spec is not None else ()


def _read_gitignore(path: str) -> Optional[pathspec.PathSpec]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)
