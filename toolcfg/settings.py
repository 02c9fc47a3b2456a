"""The settings each file is checked with, resolved once per run by a ``Resolver``.

``[tool.toolcfg]`` is found like ruff's configuration: the closest ``pyproject.toml`` above
a file that has the table, or ``--config PATH``; its patterns are gitignore-style and
relative to the file's directory. Over it come, as in ruff, ``--config``'s ``KEY = VALUE``
pairs and then the flags (``toolcfg.layers``), whose patterns are relative to the working
directory. The rule selection, and which codes ``--fix`` may fix, are layered as ruff
layers them (``toolcfg.selection``): the defaults, then each of those layers.

Two settings default to what the project already says elsewhere, so that nobody writes them
twice: ``line-length`` (where fixes wrap) is the formatter's, and ``target-version`` (the
oldest Python a file may run on) is ruff's, else the lower bound of ``requires-python``.
The package versions the project declares (``toolcfg.project``) come along, so that a rule
that only matters on old versions can stay quiet when no old version can be installed.
``--isolated`` reads no configuration file: neither ``[tool.toolcfg]`` nor ruff's or
Black's settings; what the project declares it runs on still counts.

Every file read is memoised on the ``Resolver``, which lives for one run: a long-running
process sees an edited ``pyproject.toml`` in its next run.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple, Union

from toolcfg.configfiles import ConfigError, ConfigFiles, ToolTable, load_toml
from toolcfg.filesettings import (
    DEFAULT_LINE_LENGTH,
    DEFAULT_TARGET_VERSION,
    NO_TARGET_VERSION,
    Settings,
    layer_over,
)
from toolcfg.layers import OUTPUT_FORMATS, Layer, SettingsError, is_line_length, read_layer
from toolcfg.project import LOCK_FILES, PYTHON_FILES, Project, read_project
from toolcfg.ruffrules import ruff_rules
from toolcfg.selection import SelectorError, split_codes
from toolcfg.versions import Version, parse_target, python_target

#: ``Settings`` is ``filesettings.py``'s, and what a ``Resolver`` hands out.
__all__ = [
    "OUTPUT_FORMATS",
    "Layer",
    "Overrides",
    "Resolver",
    "Settings",
    "SettingsError",
    "parse_codes",
]


#: The files whose presence in a directory can change the settings of the files below it.
SETTINGS_FILES = frozenset(
    ("pyproject.toml", "ruff.toml", ".ruff.toml", *LOCK_FILES, *PYTHON_FILES)
)


def _error_of(error: ConfigError) -> SettingsError:
    return SettingsError(error.reason, error.path)


@dataclass(frozen=True)
class Overrides(Layer):
    """The command line: its flags, the last layer (None or empty: as configured), and
    which configuration files count."""

    #: ``--config PATH``: this file's settings instead of discovery's.
    config: Optional[Path] = None
    #: ``--config "KEY = VALUE"``: a layer over every configuration file, under the flags.
    settings: Layer = field(default_factory=Layer)
    #: ``--isolated``: read no configuration file.
    isolated: bool = False


@dataclass(frozen=True)
class _Sources:
    """The configuration that applies in a directory: where each setting can come from."""

    toolcfg: Optional[ToolTable] = None
    project: Project = field(default_factory=Project)
    ruff: Optional[ToolTable] = None
    black: Optional[ToolTable] = None

    def key(self) -> Tuple[Optional[Path], ...]:
        tables = (self.toolcfg, self.ruff, self.black)
        return (*(table.path if table else None for table in tables), self.project.pyproject)


class Resolver:
    """Finds the settings for each path; everything it reads is read once per run."""

    def __init__(self, overrides: Overrides = Overrides()) -> None:
        if overrides.isolated and overrides.config is not None:
            raise SettingsError(
                f"`--config {overrides.config}` cannot be used with `--isolated`, which "
                "reads no configuration file"
            )
        self.overrides = overrides
        self.files = ConfigFiles(isolated=overrides.isolated)
        #: Where the patterns of ``--config``'s pairs and of the flags are anchored.
        self.working_directory = os.getcwd()
        self._fixed = _config_flag_table(overrides.config) if overrides.config else None
        self._sources: Dict[str, _Sources] = {}
        self._by_sources: Dict[Tuple[Optional[Path], ...], Settings] = {}
        self._by_directory: Dict[str, Settings] = {}

    def for_file(self, path: Union[str, Path]) -> Settings:
        return self.for_directory(os.path.dirname(path) or ".")

    def for_directory(
        self, directory: Union[str, Path], names: Optional[Iterable[str]] = None
    ) -> Settings:
        """The settings of the files in ``directory``.

        ``names``, the directory's own file names when the caller has listed it already,
        spares a listing: a directory without a configuration file inherits its parent's
        settings, so settings are resolved once per directory that has a configuration.
        """
        known = self._by_directory.get(str(directory))
        if known is not None:
            return known
        try:
            sources = self._sources_of(os.path.abspath(directory), names)
            key = sources.key()
            if key not in self._by_sources:
                self._by_sources[key] = self._settings(sources)
            self._by_directory[str(directory)] = self._by_sources[key]
            return self._by_sources[key]
        except ConfigError as error:
            raise _error_of(error) from error

    def _sources_of(self, directory: str, names: Optional[Iterable[str]]) -> _Sources:
        found = self._sources.get(directory)
        if found is None:
            parent = os.path.dirname(directory)
            above = self._sources_of(parent, None) if parent != directory else None
            listed = set(_listing(directory) if names is None else names)
            here = SETTINGS_FILES & listed or any(_is_requirements(name) for name in listed)
            if above is not None and not here:
                found = above
            else:
                found = self._read(Path(directory), above or _Sources(toolcfg=self._fixed))
            self._sources[directory] = found
        return found

    def _read(self, directory: Path, above: _Sources) -> _Sources:
        """The sources of a directory that holds a configuration file. A project is read
        from it when it declares versions: a ``pyproject.toml`` or a file that declares the
        Python; or, where no project encloses it, a ``requirements*.txt`` alone (an
        application with no pyproject.toml pins ``langchain-core==1.5.1`` there). Inside a
        project, a directory with only a ``requirements-dev.txt`` (its tests') keeps the
        project's declarations."""
        toolcfg, project = above.toolcfg, above.project
        pyproject = directory / "pyproject.toml"
        document = self.files.document(pyproject)
        if (
            document is not None
            or any((directory / name).is_file() for name in PYTHON_FILES)
            or (
                project.pyproject is None
                and any(_is_requirements(name) for name in _listing(str(directory)))
            )
        ):
            nearer = read_project(pyproject, self.files)
            # A nearer file that declares no Python (an installer script named setup.py, a
            # langgraph.json without python_version) says nothing of the Python its
            # directory runs on: the enclosing declaration still holds.
            if nearer.python is None:
                nearer = dataclasses.replace(nearer, python=project.python)
            project = nearer
        if document is not None and not self.overrides.isolated:
            tool = document.get("tool")
            table = tool.get("toolcfg") if isinstance(tool, dict) else None
            if table is not None and self._fixed is None:
                if not isinstance(table, dict):
                    raise ConfigError(pyproject, "must be a table", "tool.toolcfg")
                toolcfg = ToolTable(pyproject, table)
        ruff, black = self.files.ruff(directory), self.files.black(directory)
        return _Sources(toolcfg, project, ruff, black)

    def _settings(self, sources: _Sources) -> Settings:
        overrides = self.overrides
        table = sources.toolcfg
        if table is not None:
            settings = _from_table(table)
        else:
            settings = layer_over(Settings(root=Path.cwd()), Layer(), str(Path.cwd()))
        # A layer each, set or not, so that where a selector was written tells apart
        # settings whose findings may differ.
        settings = layer_over(settings, overrides.settings, self.working_directory)
        settings = layer_over(settings, overrides, self.working_directory)
        line_length, line_length_source = _line_length(overrides, sources)
        target, short, long = _target_version(overrides, sources)
        return dataclasses.replace(
            settings,
            line_length=line_length,
            line_length_source=line_length_source,
            line_length_explicit=bool(overrides.line_length or overrides.settings.line_length)
            or (table is not None and "line-length" in table.table),
            target_version=target,
            target_version_source=short,
            target_version_source_long=long,
            packages=sources.project.packages,
            locks=sources.project.locks,
            ruff=ruff_rules(sources.ruff),
        )


def _listing(directory: str) -> List[str]:
    """The names in ``directory``; none when it cannot be listed (or does not exist, as
    with ``--stdin-filename``): its settings are then its parent's."""
    try:
        return os.listdir(directory)
    except OSError:
        return []


def _is_requirements(name: str) -> bool:
    return name.startswith("requirements") and name.endswith(".txt")


def _config_flag_table(path: Path) -> ToolTable:
    """``--config PATH``: a ``pyproject.toml``'s ``[tool.toolcfg]``, or a whole
    ``toolcfg.toml``."""
    try:
        document = load_toml(path)
    except ConfigError as error:
        raise _error_of(error) from error
    if path.name != "pyproject.toml":
        return ToolTable(path, document)
    tool = document.get("tool")
    table = tool.get("toolcfg") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise SettingsError("no [tool.toolcfg] table", path)
    return ToolTable(path, table)


def _from_table(source: ToolTable) -> Settings:
    """``[tool.toolcfg]`` checked and read, its patterns anchored at its directory; its
    ``line-length`` and ``target-version`` are weighed against their other sources by the
    ``Resolver``."""
    root = Path(source.path).absolute().parent
    return layer_over(Settings(root=root), read_layer(source.table, source.path), str(root))


def _line_length(overrides: Overrides, sources: _Sources) -> Tuple[int, str]:
    """``--line-length``; ``--config``'s; ``[tool.toolcfg]``; else the formatter's: ruff's
    (88 when its configuration sets none), else Black's, else 88."""
    if overrides.line_length:
        return overrides.line_length, f"`--line-length {overrides.line_length}`"
    if overrides.settings.line_length:
        length = overrides.settings.line_length
        return length, f"`--config 'line-length = {length}'`"
    toolcfg = sources.toolcfg
    if toolcfg is not None and "line-length" in toolcfg.table:
        length = toolcfg.table["line-length"]
        return length, f"`line-length = {length}` in {_toolcfg_where(toolcfg)}"
    for formatter, found in (("ruff's", sources.ruff), ("Black's", sources.black)):
        if found is not None:
            value = found.table.get("line-length", 0)
            if not is_line_length(value):
                return DEFAULT_LINE_LENGTH, f"{formatter} default, as {found.path} sets none"
            return value, f"{formatter} `line-length = {value}` in {found.path}"
    return DEFAULT_LINE_LENGTH, "the default"


def _target_version(overrides: Overrides, sources: _Sources) -> Tuple[Version, str, str]:
    """The oldest Python a file may run on, with its short and long source, as ruff resolves
    its own: the command line, ``--config``'s, ``[tool.toolcfg]``, then the later of
    ruff's ``target-version`` and the project's declared Python (``requires-python``,
    ``setup``'s ``python_requires``, ``langgraph.json``); else the oldest Python
    langchain-core supports."""
    if overrides.target_version:
        text = f"`--target-version {overrides.target_version}`"
        return parse_target(overrides.target_version), text, text
    if overrides.settings.target_version:
        name = overrides.settings.target_version
        text = f"`--config 'target-version = \"{name}\"'`"
        return parse_target(name), text, text
    toolcfg = sources.toolcfg
    if toolcfg is not None and "target-version" in toolcfg.table:
        name = toolcfg.table["target-version"]
        text = f'`target-version = "{name}"`'
        return (
            parse_target(name),
            f"{text} in [tool.toolcfg]",
            f"{text} in {_toolcfg_where(toolcfg)}",
        )
    python = sources.project.python
    declared = (
        (python_target(python.range.lower), python.short, python.long)
        if python is not None and python.range.lower is not None
        else None
    )
    ruff = sources.ruff
    if ruff is not None and "target-version" in ruff.table:
        name = ruff.table["target-version"]
        try:
            version = parse_target(name if isinstance(name, str) else repr(name))
        except ValueError as error:
            raise ConfigError(ruff.path, f"{error}", "target-version") from error
        # Both name the oldest Python: the code never runs below the later of the two.
        if declared is None or declared[0] <= version:
            text = f'ruff\'s `target-version = "{name}"`'
            return version, text, f"{text} in {ruff.path}"
    return declared or (DEFAULT_TARGET_VERSION, NO_TARGET_VERSION, NO_TARGET_VERSION)


def _toolcfg_where(source: ToolTable) -> str:
    if source.path.name == "pyproject.toml":
        return f"[tool.toolcfg] of {source.path}"
    return str(source.path)


def parse_codes(texts: Union[str, Iterable[str]], option: str) -> Tuple[str, ...]:
    """``"TCF001,TCF1"`` from the command line (``option`` names the flag), or the values
    of a flag given several times; a code or prefix of no rule is an error."""
    try:
        return split_codes([texts] if isinstance(texts, str) else texts, option)
    except SelectorError as error:
        raise SettingsError(str(error)) from error
