"""``[tool.toolcfg]`` settings: found like ruff's, in the nearest ``pyproject.toml``.

Each file is checked with the settings of the closest ``pyproject.toml`` above it that has
a ``[tool.toolcfg]`` table, or of ``--config PATH`` when given. Command-line flags override
both. Patterns are gitignore-style and relative to the directory of the file they come from.

``line-length``, the width fixes wrap at, defaults to the formatter's: the ``line-length`` of
the closest ``ruff.toml``, ``.ruff.toml`` or ``pyproject.toml`` that gives ruff or Black one.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Union

import pathspec

from toolcfg.codemods.wrapping import DEFAULT_LINE_LENGTH
from toolcfg.linter.rules import DEFAULT_SELECT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9 and 3.10
    import tomli as tomllib

DEFAULT_EXCLUDE = (
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    ".tox",
    ".nox",
    "node_modules",
    ".toolcfg_cache",
)
OUTPUT_FORMATS = ("concise", "full", "json", "github", "sarif")


class SettingsError(Exception):
    """A configuration file that cannot be used; the run stops with exit code 2."""


@dataclass(frozen=True)
class Settings:
    """The settings one file is checked with."""

    root: Path = field(default_factory=Path.cwd)
    select: Tuple[str, ...] = DEFAULT_SELECT
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    output_format: str = "concise"
    respect_gitignore: bool = True
    #: None: the formatter's line length (see ``formatter_line_length``).
    line_length: Optional[int] = None

    def is_selected(self, code: str, path: Optional[Path] = None) -> bool:
        """Is ``code`` enabled for ``path``? The most specific prefix wins, as in ruff."""
        chosen = _longest_prefix(code, (*self.select, *self.extend_select))
        ignored = _longest_prefix(code, self.ignore)
        if chosen <= ignored:
            return False
        if path is None or not self.per_file_ignores:
            return True
        # As in ruff, a per-file ignore always wins, however specific the selection.
        relative = _relative(path, self.root)
        return relative is None or not any(
            _longest_prefix(code, codes) and _spec((pattern,)).match_file(relative)
            for pattern, codes in self.per_file_ignores
        )

    def is_excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Does ``exclude`` or ``extend-exclude`` match the path, or its name?"""
        return self.excludes(os.path.abspath(path), is_dir)

    def excludes(self, absolute: str, is_dir: bool) -> bool:
        """``is_excluded`` for an absolute path string: discovery calls it for every file."""
        spec = _spec((*self.exclude, *self.extend_exclude))
        suffix = "/" if is_dir else ""
        name = os.path.basename(absolute) + suffix
        relative = _relative_string(absolute, str(self.root))
        if spec.match_file(name):
            return True
        return relative is not None and spec.match_file(relative + suffix)

    def cache_key(self) -> str:
        """What a cached result depends on besides the file itself."""
        return repr((self.select, self.extend_select, self.ignore, self.per_file_ignores))


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; ``None`` means "as configured"."""

    config: Optional[Path] = None
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    output_format: Optional[str] = None
    line_length: Optional[int] = None

    def apply(self, settings: Settings) -> Settings:
        """``--select`` replaces the configured selection, ignores included, as in ruff."""
        if self.select is not None:
            settings = dataclasses.replace(
                settings, select=self.select, extend_select=(), ignore=()
            )
        return dataclasses.replace(
            settings,
            extend_select=(*settings.extend_select, *self.extend_select),
            ignore=(*settings.ignore, *self.ignore),
            output_format=self.output_format or settings.output_format,
            line_length=self.line_length or settings.line_length,
        )


class Resolver:
    """Finds the settings for each path, reading each ``pyproject.toml`` once."""

    def __init__(self, overrides: Overrides = Overrides()) -> None:
        self.overrides = overrides
        self._fixed = (
            overrides.apply(load(overrides.config, required=True)) if overrides.config else None
        )
        self._by_directory: Dict[str, Settings] = {}

    def for_file(self, path: Path) -> Settings:
        return self.for_directory(os.path.dirname(path) or ".")

    def for_directory(self, directory: Union[str, Path]) -> Settings:
        key = str(directory)
        if key not in self._by_directory:
            absolute = Path(os.path.abspath(key))
            settings = (
                self._fixed if self._fixed is not None else self.overrides.apply(_nearest(absolute))
            )
            if settings.line_length is None:
                settings = dataclasses.replace(
                    settings, line_length=formatter_line_length(absolute)
                )
            self._by_directory[key] = settings
        return self._by_directory[key]


@lru_cache(maxsize=None)
def formatter_line_length(directory: Path) -> int:
    """The line length ruff (or else Black) formats ``directory``'s files to.

    As ruff finds it: the closest ``ruff.toml``, ``.ruff.toml`` or ``pyproject.toml`` with a
    ``[tool.ruff]`` (or ``[tool.black]``) table decides, following ruff's ``extend``, with 88
    when it sets none.
    """
    for name in ("ruff.toml", ".ruff.toml", "pyproject.toml"):
        for formatter in ("ruff", "black"):
            table = _formatter_table(directory / name, formatter)
            if table is not None:
                return _line_length(table, directory)
    if directory.parent == directory:
        return DEFAULT_LINE_LENGTH
    return formatter_line_length(directory.parent)


def _formatter_table(path: Path, formatter: str) -> Optional[Dict[str, Any]]:
    """Ruff's (or Black's) table in ``path``: all of a ruff.toml, or ``[tool.<formatter>]``."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None  # absent, or the formatter's to complain about
    if path.name != "pyproject.toml":
        return document if formatter == "ruff" else None
    tool = document.get("tool")
    table = tool.get(formatter) if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _line_length(table: Dict[str, Any], directory: Path, depth: int = 0) -> int:
    """The table's ``line-length``, or the one of the configuration it ``extend``s."""
    length = table.get("line-length")
    if _is_line_length(length):
        return length
    extend = table.get("extend")
    if isinstance(extend, str) and depth < 8:
        path = directory / os.path.expanduser(extend)
        extended = _formatter_table(path, "ruff")
        if extended is not None:
            return _line_length(extended, path.parent, depth + 1)
    return DEFAULT_LINE_LENGTH


@lru_cache(maxsize=None)
def _nearest(directory: Path) -> Settings:
    candidate = directory / "pyproject.toml"
    if candidate.is_file():
        settings = load(candidate, required=False)
        if settings is not None:
            return settings
    if directory.parent == directory:
        return Settings(root=Path.cwd())
    return _nearest(directory.parent)


def load(path: Path, *, required: bool) -> Optional[Settings]:
    """The ``[tool.toolcfg]`` table of ``path``; None if it has none and none is required."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: {error}") from error
    table = document.get("tool", {}).get("toolcfg") if path.name == "pyproject.toml" else document
    if table is None:
        if required:
            raise SettingsError(f"{path}: no [tool.toolcfg] table")
        return None
    return _from_table(table, Path(path).absolute().parent, path)


def _from_table(table: Mapping[str, Any], root: Path, source: Path) -> Settings:
    known = {
        "select",
        "extend-select",
        "ignore",
        "exclude",
        "extend-exclude",
        "per-file-ignores",
        "output-format",
        "respect-gitignore",
        "line-length",
    }
    unknown = sorted(set(table) - known)
    if unknown:
        raise SettingsError(f"{source}: unknown setting {unknown[0]!r} in [tool.toolcfg]")
    output_format = table.get("output-format", "concise")
    if output_format not in OUTPUT_FORMATS:
        raise SettingsError(f"{source}: output-format must be one of {', '.join(OUTPUT_FORMATS)}")
    per_file: Dict[str, Iterable[str]] = table.get("per-file-ignores", {})
    line_length = table.get("line-length")
    if line_length is not None and not _is_line_length(line_length):
        raise SettingsError(f"{source}: line-length must be a whole number from 1 to 320")
    return Settings(
        root=root,
        select=_codes(table.get("select", DEFAULT_SELECT), source),
        extend_select=_codes(table.get("extend-select", ()), source),
        ignore=_codes(table.get("ignore", ()), source),
        exclude=tuple(table.get("exclude", DEFAULT_EXCLUDE)),
        extend_exclude=tuple(table.get("extend-exclude", ())),
        per_file_ignores=tuple(
            (pattern, _codes(codes, source)) for pattern, codes in per_file.items()
        ),
        output_format=output_format,
        respect_gitignore=bool(table.get("respect-gitignore", True)),
        line_length=line_length,
    )


def _is_line_length(value: Any) -> bool:
    """As ruff allows: a whole number from 1 to 320."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 320


def parse_codes(text: str, option: str) -> Tuple[str, ...]:
    """``"TCF001,TCF1"`` from the command line; anything that is not ours is an error."""
    return _codes((code for code in text.split(",") if code.strip()), option)


def _codes(values: Iterable[str], source: Union[Path, str]) -> Tuple[str, ...]:
    codes = tuple(str(value).strip().upper() for value in values)
    bad = [code for code in codes if not code.startswith("TCF") and code != "ALL"]
    if bad:
        raise SettingsError(f"{source}: {bad[0]!r} is not a toolcfg code or prefix")
    return codes


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    """How specific the best matching prefix is; 0 when none matches. ``ALL`` is the least."""
    best = 0
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 1)
        elif code.startswith(prefix):
            best = max(best, len(prefix) + 1)
    return best


@lru_cache(maxsize=None)
def _spec(patterns: Tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _relative(path: Path, root: Path) -> Optional[str]:
    return _relative_string(os.path.abspath(path), str(root))


def _relative_string(absolute: str, root: str) -> Optional[str]:
    """``absolute`` relative to ``root``, with forward slashes; None if it is outside."""
    prefix = root.rstrip(os.sep) + os.sep
    if not absolute.startswith(prefix):
        return None
    return absolute[len(prefix) :].replace(os.sep, "/")
