"""The project's configuration files, and those of the tools beside toolcfg, read as those
tools read them.

ruff reads a TOML file that starts with a UTF-8 byte-order mark or has CRLF line endings;
``tomllib`` refuses the mark, so it is dropped here first. Everything read is memoised on a
``ConfigFiles`` object, which lives for one run: a long-running process that starts a new
run sees an edited ``pyproject.toml``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9 and 3.10
    import tomli as tomllib

#: In the order ruff prefers them when a directory holds several.
RUFF_FILES = (".ruff.toml", "ruff.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used, with the file and, where known, the key."""

    def __init__(self, path: Path, message: str, key: Optional[str] = None) -> None:
        self.path, self.key, self.message = path, key, message
        super().__init__(f"{path}: {self.reason}")

    @property
    def reason(self) -> str:
        """What is wrong, and where in the file, without the file."""
        return f"`{self.key}`: {self.message}" if self.key else self.message


def load_toml(path: Path) -> Dict[str, Any]:
    """A TOML document; a byte-order mark and CRLF line endings are accepted, as ruff does."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ConfigError(path, f"cannot read: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(path, f"not UTF-8 ({error.reason} at byte {error.start})") from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"invalid TOML: {error}") from error


@dataclass(frozen=True)
class ToolTable:
    """One tool's settings as that tool would use them, and the file they come from."""

    path: Path
    table: Mapping[str, Any]


class ConfigFiles:
    """Reads and memoises configuration files for one run. ``isolated`` (``--isolated``):
    no ruff or Black configuration is read, so their line length, target version and
    import sorting are the defaults."""

    def __init__(self, isolated: bool = False) -> None:
        self.isolated = isolated
        self._documents: Dict[Path, Optional[Dict[str, Any]]] = {}
        self._ruff: Dict[Path, Optional[ToolTable]] = {}
        self._black: Dict[Path, Optional[ToolTable]] = {}

    def document(self, path: Path) -> Optional[Dict[str, Any]]:
        """The parsed file, or None when it does not exist. Raises ``ConfigError``."""
        path = Path(os.path.abspath(path))
        if path not in self._documents:
            self._documents[path] = load_toml(path) if path.is_file() else None
        return self._documents[path]

    def lenient(self, path: Path) -> Optional[Dict[str, Any]]:
        """``document``, but a file that cannot be read is None: another tool's to report."""
        try:
            return self.document(path)
        except ConfigError:
            return None

    def tool_table(self, path: Path, tool: str) -> Optional[Dict[str, Any]]:
        """``[tool.<tool>]`` of a ``pyproject.toml``, if it is a table."""
        document = self.lenient(path)
        section = document.get("tool") if document else None
        table = section.get(tool) if isinstance(section, dict) else None
        return table if isinstance(table, dict) else None

    def ruff(self, directory: Path) -> Optional[ToolTable]:
        """The ruff configuration that applies in ``directory``, found as ruff finds it.

        The closest ``.ruff.toml``, ``ruff.toml`` or ``pyproject.toml`` with a
        ``[tool.ruff]`` table; an ``extend``-ed configuration is merged under it.
        """
        if self.isolated:
            return None
        directory = Path(os.path.abspath(directory))
        if directory not in self._ruff:
            found = self._ruff_here(directory)
            if found is None and directory.parent != directory:
                found = self.ruff(directory.parent)
            self._ruff[directory] = found
        return self._ruff[directory]

    def _ruff_here(self, directory: Path) -> Optional[ToolTable]:
        for name in RUFF_FILES:
            path = directory / name
            table = (
                self.tool_table(path, "ruff") if name == "pyproject.toml" else self.lenient(path)
            )
            if table is not None:
                return ToolTable(path, self._extended(table, path.parent, depth=0))
        return None

    def _extended(self, table: Dict[str, Any], directory: Path, depth: int) -> Dict[str, Any]:
        """ruff's ``extend``: the base configuration, overridden key by key by this one."""
        extend = table.get("extend")
        if not isinstance(extend, str) or depth >= 8:
            return table
        path = directory / os.path.expanduser(extend)
        base = (
            self.tool_table(path, "ruff") if path.name == "pyproject.toml" else self.lenient(path)
        )
        if base is None:
            return table
        return merged(self._extended(base, path.parent, depth + 1), table)

    def black(self, directory: Path) -> Optional[ToolTable]:
        """``[tool.black]`` of the closest ``pyproject.toml`` that has one."""
        if self.isolated:
            return None
        directory = Path(os.path.abspath(directory))
        if directory not in self._black:
            path = directory / "pyproject.toml"
            table = self.tool_table(path, "black")
            found = ToolTable(path, table) if table is not None else None
            if found is None and directory.parent != directory:
                found = self.black(directory.parent)
            self._black[directory] = found
        return self._black[directory]


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> Dict[str, Any]:
    """``override`` over ``base``, table by table."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def nearest(directory: Path, name: str) -> Optional[Path]:
    """The closest file called ``name`` in ``directory`` or above it."""
    directory = Path(os.path.abspath(directory))
    for candidate in (directory, *directory.parents):
        path = candidate / name
        if path.is_file():
            return path
    return None
