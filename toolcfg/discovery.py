"""Which files a run looks at: paths, ``exclude`` settings and ``.gitignore``."""

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
        if not (force_exclude and _skipped(path, resolver, is_dir=False)):
            yield path
        return
    errors: List[OSError] = []
    for root, directories, files in os.walk(path, onerror=errors.append):
        directories[:] = sorted(
            d for d in directories if not _skipped(Path(root, d), resolver, is_dir=True)
        )
        for name in sorted(files):
            candidate = Path(root, name)
            if name.endswith(".py") and not _skipped(candidate, resolver, is_dir=False):
                yield candidate
    for error in errors:
        yield Unlisted(Path(error.filename), f"cannot list directory: {error.strerror}")


def _skipped(path: Path, resolver: Resolver, is_dir: bool) -> bool:
    settings = resolver.for_file(path)
    if settings.is_excluded(path, is_dir):
        return True
    return settings.respect_gitignore and _gitignored(path.absolute(), is_dir)


def _gitignored(path: Path, is_dir: bool) -> bool:
    suffix = "/" if is_dir else ""
    for base, spec in _gitignores(path.parent):
        if spec.match_file(path.relative_to(base).as_posix() + suffix):
            return True
    return False


@lru_cache(maxsize=None)
def _gitignores(directory: Path) -> Tuple[Tuple[Path, pathspec.PathSpec], ...]:
    """The ``.gitignore`` files that apply in ``directory``, up to its git repository's root.

    As with git (and ruff), they count only inside a repository.
    """
    if (directory / ".git").exists():
        return _own_gitignore(directory)
    if directory.parent == directory:
        return ()
    above = _gitignores(directory.parent)
    if not above and not _in_repository(directory.parent):
        return ()
    return above + _own_gitignore(directory)


@lru_cache(maxsize=None)
def _in_repository(directory: Path) -> bool:
    if (directory / ".git").exists():
        return True
    return directory.parent != directory and _in_repository(directory.parent)


def _own_gitignore(directory: Path) -> Tuple[Tuple[Path, pathspec.PathSpec], ...]:
    spec = _read_gitignore(directory / ".gitignore")
    return ((directory, spec),) if spec is not None else ()


def _read_gitignore(path: Path) -> Optional[pathspec.PathSpec]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)
