"""Which files a run looks at: paths, ``exclude`` settings and ``.gitignore``.

Discovery touches every file of the tree, so it works on path strings and looks settings
up once per directory.

A configuration that cannot be used (a cookiecutter template's ``pyproject.toml`` is
Jinja, not TOML) decides nothing about the files outside its directory, so it stops only
what it governs. When it governs a path the walk was given, the walk stops with the
``SettingsError``: every file asked for would be checked under it. When the walk finds it
below, the directory is yielded as ``Unlisted``, with the error against the configuration
file, and nothing under it is walked: neither what the configuration excludes nor the
settings of its files can be known. A run reports that directory as a file that could not
be checked, and checks the others; the project index, which walks the whole project to see
the named files' registrations, leaves those files out, so a template that governs no
checked file is never reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

import pathspec

from toolcfg.filesettings import Settings
from toolcfg.settings import Resolver, SettingsError

#: What a directory walk checks: modules, and Jupyter notebooks, as ruff does by default.
PYTHON_SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class Unlisted:
    """A directory whose files were not walked: it could not be listed, or its configuration
    cannot be used (then ``path`` is the configuration file)."""

    path: Path
    message: str
    #: True when ``path`` is a configuration that cannot be used, not a directory.
    configuration: bool = False


def python_files(
    paths: Iterable[Path], resolver: Resolver, force_exclude: bool = False
) -> Iterator[Tuple[str, Union[Path, Unlisted]]]:
    """Each ``*.py`` file under the given directories, and each file given by name, once,
    with its absolute path (the runner's key for it).

    Like ruff, a file named on the command line is checked even if it is excluded, unless
    ``force_exclude`` is set (pre-commit passes files by name). A path that does not exist
    is yielded as it is, so the runner reports it. Symlinked directories are not followed,
    which keeps a symlink loop from walking forever.
    """
    seen: Set[str] = set()
    ignores = _GitIgnores()
    for path in paths:
        for key, found in _walk(path, resolver, force_exclude, ignores):
            if key not in seen:
                seen.add(key)
                yield key, found


def _walk(
    path: Path, resolver: Resolver, force_exclude: bool, ignores: _GitIgnores
) -> Iterator[Tuple[str, Union[Path, Unlisted]]]:
    if not path.is_dir():
        settings = resolver.for_file(path)
        absolute = os.path.abspath(path)
        if not force_exclude or not _skipped(absolute, settings, False, ignores):
            yield absolute, path
        return
    errors: List[OSError] = []
    top = True
    for root, directories, files in os.walk(path, onerror=errors.append):
        # The listing says whether the directory holds a configuration of its own; when
        # it holds none, its settings are its parent's, and nothing more is read.
        absolute = os.path.abspath(root)
        try:
            settings = resolver.for_directory(root, files)
        except SettingsError as unusable:
            if top:
                raise
            directories[:] = []
            config = unusable.path or Path(absolute)
            shown = Path(root, config.name) if str(config.parent) == absolute else config
            yield os.path.abspath(config), Unlisted(shown, unusable.reason, configuration=True)
            continue
        top = False
        directories[:] = sorted(
            d
            for d in directories
            if not _skipped(os.path.join(absolute, d), settings, True, ignores)
        )
        for name in sorted(files):
            if name.endswith(PYTHON_SUFFIXES):
                key = os.path.join(absolute, name)
                if not _skipped(key, settings, False, ignores):
                    yield key, Path(os.path.join(root, name))
    for error in errors:
        yield (
            os.path.abspath(error.filename),
            Unlisted(Path(error.filename), f"cannot list directory: {error.strerror}"),
        )


def _skipped(absolute: str, settings: Settings, is_dir: bool, ignores: _GitIgnores) -> bool:
    if settings.excludes(absolute, is_dir):
        return True
    return settings.respect_gitignore and ignores.ignored(absolute, is_dir)


class _GitIgnores:
    """The ``.gitignore`` files that apply, read once per walk: a long-running process
    sees an edited one in its next run."""

    def __init__(self) -> None:
        self._specs: Dict[str, Tuple[Tuple[str, pathspec.PathSpec], ...]] = {}
        self._repository: Dict[str, bool] = {}

    def ignored(self, absolute: str, is_dir: bool) -> bool:
        suffix = "/" if is_dir else ""
        for base, spec in self.specs(os.path.dirname(absolute)):
            relative = absolute[len(base) + 1 :].replace(os.sep, "/")
            if spec.match_file(relative + suffix):
                return True
        return False

    def specs(self, directory: str) -> Tuple[Tuple[str, pathspec.PathSpec], ...]:
        """The ``.gitignore`` files that apply in ``directory``, up to its repository's root.
        As with git (and ruff), they count only inside a repository."""
        if directory not in self._specs:
            if os.path.exists(os.path.join(directory, ".git")):
                found = _own_gitignore(directory)
            else:
                parent = os.path.dirname(directory)
                if parent == directory:
                    found = ()
                else:
                    above = self.specs(parent)
                    if not above and not self.in_repository(parent):
                        found = ()
                    else:
                        found = above + _own_gitignore(directory)
            self._specs[directory] = found
        return self._specs[directory]

    def in_repository(self, directory: str) -> bool:
        if directory not in self._repository:
            if os.path.exists(os.path.join(directory, ".git")):
                self._repository[directory] = True
            else:
                parent = os.path.dirname(directory)
                self._repository[directory] = parent != directory and self.in_repository(parent)
        return self._repository[directory]


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


class ProjectRoots:
    """The project root of each directory: the nearest with a ``pyproject.toml`` or a
    ``.git``; without one, ``fallback`` (the common root of what a run was given)."""

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self._known: Dict[str, str] = {}

    def of(self, directory: str) -> str:
        if directory not in self._known:
            if os.path.exists(os.path.join(directory, "pyproject.toml")) or os.path.exists(
                os.path.join(directory, ".git")
            ):
                self._known[directory] = directory
            else:
                parent = os.path.dirname(directory)
                self._known[directory] = self.fallback if parent == directory else self.of(parent)
        return self._known[directory]


def common_root(paths: Iterable[str]) -> str:
    """The deepest directory holding every one of ``paths`` (absolute), else the working
    directory."""
    directories = {os.path.dirname(path) for path in paths}
    if not directories:
        return os.getcwd()
    try:
        return os.path.commonpath(sorted(directories))
    except ValueError:  # different drives
        return os.getcwd()


def project_files(root: str, resolver: Resolver) -> List[str]:
    """Every Python file of the project at ``root`` that discovery lists, as absolute
    paths: what the index may read, excluded files left out."""
    return [
        key
        for key, found in python_files([Path(root)], resolver, force_exclude=True)
        if not isinstance(found, Unlisted)
    ]
