"""The settings each file is checked with, resolved once per run by a ``Resolver``.

``[tool.toolcfg]`` is found like ruff's configuration: the closest ``pyproject.toml`` above
a file that has the table, or ``--config PATH``; its patterns are gitignore-style and
relative to the file's directory. The rule selection is layered as ruff layers it: the
defaults, then ``[tool.toolcfg]``, then the command line.

Two settings default to what the project already says elsewhere, so that nobody writes them
twice: ``line-length`` (where fixes wrap) is the formatter's, and ``target-version`` (the
oldest Python a file may run on) is ruff's, else the lower bound of ``requires-python``.
The package versions the project declares (``toolcfg.project``) come along, so that a rule
that only matters on old versions can stay quiet when no old version can be installed.

Every file read is memoised on the ``Resolver``, which lives for one run: a long-running
process sees an edited ``pyproject.toml`` in its next run.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Pattern, Tuple, Union

import pathspec

from toolcfg.configfiles import ConfigError, ConfigFiles, ToolTable, load_toml
from toolcfg.project import LOCK_FILES, PACKAGES, PYTHON_FILES, Declared, Project, read_project
from toolcfg.rules import DEFAULT_SELECT, RULES, is_selector
from toolcfg.versions import PYTHON_TARGETS, Version, parse_target, python_target, target_name

#: Black's and ruff's default; the codemods wrap at it when nothing else is configured.
DEFAULT_LINE_LENGTH = 88
#: The oldest Python langchain-core supports: where nothing is known, the loss can happen.
DEFAULT_TARGET_VERSION = Version.of(3, 9)
NO_TARGET_VERSION = "no declared Python version"

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

#: The files whose presence in a directory can change the settings of the files below it.
SETTINGS_FILES = frozenset(
    ("pyproject.toml", "ruff.toml", ".ruff.toml", *LOCK_FILES, *PYTHON_FILES)
)

_KNOWN_KEYS = frozenset(
    (
        "select",
        "extend-select",
        "ignore",
        "exclude",
        "extend-exclude",
        "per-file-ignores",
        "extend-per-file-ignores",
        "output-format",
        "respect-gitignore",
        "line-length",
        "target-version",
    )
)


class SettingsError(Exception):
    """A setting that cannot be used: exit code 2. ``path`` is the file that holds it (None
    for the command line) and ``reason`` what is wrong, so that a caller can report the
    error against the file."""

    def __init__(self, reason: str, path: Optional[Path] = None) -> None:
        self.reason, self.path = reason, path
        super().__init__(f"{path}: {reason}" if path is not None else reason)

    @classmethod
    def of(cls, error: ConfigError) -> SettingsError:
        return cls(error.reason, error.path)


@dataclass(frozen=True)
class Selection:
    """One layer of the rule selection: its ``select`` (None: not set), ``extend-select``
    and ``ignore``."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()

    def verdict(self, code: str) -> Optional[bool]:
        """Does this layer enable ``code``, disable it, or (None) leave it to the layers
        before it?

        As in ruff: the most specific matching selector decides, and ``ignore`` wins a tie;
        a layer with no matching selector that sets ``select`` disables the code.
        """
        chosen = _specificity(code, (*(self.select or ()), *self.extend_select))
        ignored = _specificity(code, self.ignore)
        if chosen is None and ignored is None:
            return False if self.select is not None else None
        return chosen is not None and (ignored is None or chosen > ignored)


DEFAULT_SELECTION = Selection(select=DEFAULT_SELECT)
#: ruff's own default selection.
RUFF_DEFAULT_SELECT = ("E4", "E7", "E9", "F")


@dataclass(frozen=True)
class RuffRules:
    """Which of its rules the project's ruff applies to a file, as ruff selects them: a fix
    must not write what the project's own ``ruff check`` then reports."""

    selection: Selection = Selection(select=RUFF_DEFAULT_SELECT)
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    #: Where the configuration is: its ``per-file-ignores`` patterns start there.
    root: Optional[Path] = None
    #: ``lint.pyupgrade.keep-runtime-typing``: no ``X | None`` rewrites below Python 3.10.
    keep_runtime_typing: bool = False

    def applies(self, code: str, path: Path) -> bool:
        if not self.selection.verdict(code):
            return False
        if self.root is None:
            return True
        relative = _relative_string(os.path.abspath(path), str(self.root))
        return relative is None or not any(
            _specificity(code, codes) is not None and _spec((pattern,)).match_file(relative)
            for pattern, codes in self.per_file_ignores
        )


def ruff_rules(ruff: Optional[ToolTable]) -> RuffRules:
    """The selection of a ruff configuration (``[lint]`` first, then the deprecated
    top-level keys), read leniently: ruff reports its own configuration's errors."""
    if ruff is None:
        return RuffRules()
    table = ruff.table
    found = table.get("lint")
    lint: Mapping[str, Any] = found if isinstance(found, dict) else {}

    def value(key: str) -> Any:
        return lint[key] if key in lint else table.get(key)

    def codes(key: str) -> Tuple[str, ...]:
        found = value(key)
        return tuple(c for c in found if isinstance(c, str)) if isinstance(found, list) else ()

    select = value("select")
    per_file: List[Tuple[str, Tuple[str, ...]]] = []
    for key in ("per-file-ignores", "extend-per-file-ignores"):
        found = value(key)
        if isinstance(found, dict):
            per_file.extend(
                (pattern, tuple(c for c in listed if isinstance(c, str)))
                for pattern, listed in found.items()
                if isinstance(listed, list)
            )
    pyupgrade = value("pyupgrade")
    keep = isinstance(pyupgrade, dict) and pyupgrade.get("keep-runtime-typing") is True
    return RuffRules(
        Selection(
            codes("select") if isinstance(select, list) else RUFF_DEFAULT_SELECT,
            codes("extend-select"),
            codes("ignore"),
        ),
        tuple(per_file),
        ruff.path.parent,
        keep,
    )


@dataclass(frozen=True)
class Settings:
    """The settings one file is checked with."""

    root: Path = field(default_factory=Path.cwd)
    #: The ``[tool.toolcfg]`` layer of the selection.
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    #: The command line's layer, the last one.
    command_line: Selection = Selection()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    output_format: str = "concise"
    respect_gitignore: bool = True
    line_length: int = DEFAULT_LINE_LENGTH
    line_length_source: str = "the default"
    #: Set for toolcfg itself (``--line-length`` or ``[tool.toolcfg]``), rather than read
    #: from the formatter's configuration: then it is passed on to the formatter.
    line_length_explicit: bool = False
    #: The oldest Python the file may run on, and where that came from: ``short`` for
    #: messages, ``long`` (with the file) for ``--show-settings``.
    target_version: Version = DEFAULT_TARGET_VERSION
    target_version_source: str = NO_TARGET_VERSION
    target_version_source_long: str = NO_TARGET_VERSION
    #: Package name -> the versions the project admits; packages it does not declare are
    #: absent (any version, old ones included).
    packages: Mapping[str, Declared] = field(default_factory=dict)
    #: Whether the project's lock files pin the packages, and why (empty without one).
    locks: str = ""
    #: The project's ruff selection, which the fixes' spelling must satisfy.
    ruff: RuffRules = RuffRules()

    @property
    def selections(self) -> Tuple[Selection, ...]:
        """The layers, earliest first."""
        configured = Selection(self.select, self.extend_select, self.ignore)
        return (DEFAULT_SELECTION, configured, self.command_line)

    def is_selected(self, code: str, path: Optional[Path] = None) -> bool:
        """Is ``code`` enabled for ``path``? The last layer that decides wins, as in ruff;
        then a per-file ignore always wins, however specific the selection."""
        enabled = False
        carried: Tuple[str, ...] = ()
        for layer in self.selections:
            effective = layer
            if carried:
                effective = dataclasses.replace(layer, ignore=(*layer.ignore, *carried))
            verdict = effective.verdict(code)
            if verdict is not None:
                enabled = verdict
            # As in ruff, a layer that selects nothing explicitly (`select = []`) but ignores
            # something passes its ignores on to the next layer.
            empty = layer.select == () and not layer.extend_select
            carried = layer.ignore if empty else ()
        if not enabled or path is None:
            return enabled
        return not any(
            _specificity(code, codes) is not None for _, codes in self.per_file_ignores_for(path)
        )

    def per_file_ignores_for(self, path: Path) -> List[Tuple[str, Tuple[str, ...]]]:
        """The ``per-file-ignores`` entries whose pattern matches ``path``."""
        relative = _relative_string(os.path.abspath(path), str(self.root))
        if relative is None:
            return []
        return [
            (pattern, codes)
            for pattern, codes in self.per_file_ignores
            if _spec((pattern,)).match_file(relative)
        ]

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
        """What cached findings depend on besides the file itself."""
        return self._cache_key

    @functools.cached_property
    def _cache_key(self) -> str:
        packages = sorted((name, str(declared.range)) for name, declared in self.packages.items())
        return repr(
            (
                self.selections,
                str(self.root),
                self.per_file_ignores,
                self.target_version.key,
                packages,
                self.ruff,
            )
        )


@dataclass(frozen=True)
class Overrides:
    """Settings given on the command line; ``None`` means "as configured"."""

    config: Optional[Path] = None
    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    output_format: Optional[str] = None
    line_length: Optional[int] = None
    #: ``py39`` ... ``py314``.
    target_version: Optional[str] = None


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
        self.overrides = overrides
        self.files = ConfigFiles()
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
            raise SettingsError.of(error) from error

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
        """The sources of a directory that holds a configuration file."""
        toolcfg, project = above.toolcfg, above.project
        pyproject = directory / "pyproject.toml"
        document = self.files.document(pyproject)
        if document is not None or any((directory / name).is_file() for name in PYTHON_FILES):
            project = read_project(pyproject, self.files)
        if document is not None:
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
        settings = _from_table(table) if table is not None else Settings(root=Path.cwd())
        line_length, line_length_source = _line_length(overrides, sources)
        target, short, long = _target_version(overrides, sources)
        return dataclasses.replace(
            settings,
            command_line=Selection(overrides.select, overrides.extend_select, overrides.ignore),
            output_format=overrides.output_format or settings.output_format,
            line_length=line_length,
            line_length_source=line_length_source,
            line_length_explicit=bool(overrides.line_length)
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
        raise SettingsError.of(error) from error
    if path.name != "pyproject.toml":
        return ToolTable(path, document)
    tool = document.get("tool")
    table = tool.get("toolcfg") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise SettingsError("no [tool.toolcfg] table", path)
    return ToolTable(path, table)


def _from_table(source: ToolTable) -> Settings:
    """``[tool.toolcfg]`` checked and read, except ``line-length`` and ``target-version``,
    which the ``Resolver`` weighs against their other sources."""
    table, path = source.table, source.path
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise SettingsError(f"unknown setting {unknown[0]!r} in [tool.toolcfg]", path)
    output_format = table.get("output-format", "concise")
    if output_format not in OUTPUT_FORMATS:
        raise SettingsError(f"output-format must be one of {', '.join(OUTPUT_FORMATS)}", path)
    line_length = table.get("line-length")
    if line_length is not None and not _is_line_length(line_length):
        raise SettingsError("line-length must be a whole number from 1 to 320", path)
    target = table.get("target-version")
    if target is not None and target not in PYTHON_TARGETS:
        raise SettingsError(
            f"`target-version` in [tool.toolcfg] must be one of "
            f"{', '.join(PYTHON_TARGETS)}, not {target!r}",
            path,
        )
    per_file = [
        (pattern, _codes(codes, f"`{key}` for {pattern!r}", path))
        for key in ("per-file-ignores", "extend-per-file-ignores")
        for pattern, codes in _per_file_table(table, key, path).items()
    ]
    respect_gitignore = table.get("respect-gitignore", True)
    if not isinstance(respect_gitignore, bool):
        raise SettingsError("`respect-gitignore` must be true or false", path)
    return Settings(
        root=Path(path).absolute().parent,
        select=_listed_codes(table, "select", path) if "select" in table else None,
        extend_select=_listed_codes(table, "extend-select", path),
        ignore=_listed_codes(table, "ignore", path),
        exclude=_strings(table, "exclude", path, DEFAULT_EXCLUDE),
        extend_exclude=_strings(table, "extend-exclude", path),
        per_file_ignores=tuple(per_file),
        output_format=output_format,
        respect_gitignore=respect_gitignore,
    )


def _strings(
    table: Mapping[str, Any], key: str, path: Path, default: Tuple[str, ...] = ()
) -> Tuple[str, ...]:
    """A list of strings, such as ``select`` or ``exclude``: anything else names the key,
    rather than being read as something the user did not mean (``exclude = "build"`` is
    not five one-letter patterns)."""
    value = table.get(key, default)
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"`{key}` must be a list of strings", path)
    return tuple(value)


def _per_file_table(table: Mapping[str, Any], key: str, path: Path) -> Mapping[str, Any]:
    """``per-file-ignores`` (or ruff's ``extend-per-file-ignores``): patterns to code lists."""
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(
        isinstance(codes, list) and all(isinstance(code, str) for code in codes)
        for codes in value.values()
    ):
        raise SettingsError(f"`{key}` must be a table of code lists", path)
    return value


def _line_length(overrides: Overrides, sources: _Sources) -> Tuple[int, str]:
    """``--line-length``; ``[tool.toolcfg]``; else the formatter's: ruff's (88 when its
    configuration sets none), else Black's, else 88."""
    if overrides.line_length:
        return overrides.line_length, f"`--line-length {overrides.line_length}`"
    toolcfg = sources.toolcfg
    if toolcfg is not None and "line-length" in toolcfg.table:
        length = toolcfg.table["line-length"]
        return length, f"`line-length = {length}` in {_toolcfg_where(toolcfg)}"
    for formatter, found in (("ruff's", sources.ruff), ("Black's", sources.black)):
        if found is not None:
            value = found.table.get("line-length", 0)
            if not _is_line_length(value):
                return DEFAULT_LINE_LENGTH, f"{formatter} default, as {found.path} sets none"
            return value, f"{formatter} `line-length = {value}` in {found.path}"
    return DEFAULT_LINE_LENGTH, "the default"


def _target_version(overrides: Overrides, sources: _Sources) -> Tuple[Version, str, str]:
    """The oldest Python a file may run on, with its short and long source, as ruff resolves
    its own: the command line, ``[tool.toolcfg]``, then the later of ruff's
    ``target-version`` and the project's declared Python (``requires-python``, ``setup``'s
    ``python_requires``, ``langgraph.json``); else the oldest Python langchain-core
    supports."""
    if overrides.target_version:
        text = f"`--target-version {overrides.target_version}`"
        return parse_target(overrides.target_version), text, text
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


def describe(settings: Settings, path: Path) -> str:
    """What ``toolcfg check --show-settings PATH`` prints: each setting that changes the
    findings for ``path``, and where it came from."""
    lines = [f"Settings for {path}"]

    def add(name: str, value: object, source: Optional[str] = None) -> None:
        lines.append(f"  {name}: {value}")
        if source is not None:
            lines.append(f"      from {source}")

    add("target-version", target_name(settings.target_version), settings.target_version_source_long)
    for name in PACKAGES:
        declared = settings.packages.get(name)
        if declared is None:
            add(name, "not declared, so any version")
        else:
            add(name, declared.range, declared.long)
    if settings.locks:
        add("packages", settings.locks)
    enabled = [code for code in RULES if settings.is_selected(code)]
    add("enabled", ", ".join(enabled) or "none")
    matching = settings.per_file_ignores_for(path)
    if matching:
        add("per-file-ignores", "; ".join(f'"{p}" = {", ".join(c)}' for p, c in matching))
        here = [code for code in enabled if settings.is_selected(code, path)]
        add("enabled in this file", ", ".join(here) or "none")
    else:
        add("per-file-ignores", "none match")
    add("line-length", settings.line_length, settings.line_length_source)
    return "\n".join(lines) + "\n"


def _is_line_length(value: Any) -> bool:
    """As ruff allows: a whole number from 1 to 320."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 320


def parse_codes(text: str, option: str) -> Tuple[str, ...]:
    """``"TCF001,TCF1"`` from the command line (``option`` names the flag); a code or prefix
    of no rule is an error."""
    return _codes((code for code in text.split(",") if code.strip()), f"`{option}`")


def _listed_codes(table: Mapping[str, Any], key: str, path: Path) -> Tuple[str, ...]:
    return _codes(_strings(table, key, path), f"`{key}`", path)


def _codes(values: Iterable[str], where: str, path: Optional[Path] = None) -> Tuple[str, ...]:
    """Codes and prefixes, upper-cased. One that selects no rule (``TCF999``, ``TCF0001``,
    ``E501``) is an error naming it and ``where`` it was written, as in ruff: read as it
    stands it would select nothing, or, ignored, leave checks on that the user turned off,
    and either way silently."""
    codes = []
    for value in values:
        code = value.strip().upper()
        if not is_selector(code):
            raise SettingsError(f"unknown rule selector `{value.strip()}` in {where}", path)
        codes.append(code)
    return tuple(codes)


def _specificity(code: str, selectors: Iterable[str]) -> Optional[int]:
    """How specific the most specific selector matching ``code`` is, None when none does:
    ``ALL`` < ``TCF`` < ``TCF0`` < ``TCF00`` < ``TCF001``."""
    matching = [
        0 if selector == "ALL" else len(selector)
        for selector in selectors
        if selector == "ALL" or code.startswith(selector)
    ]
    return max(matching) if matching else None


@lru_cache(maxsize=256)
def _spec(patterns: Tuple[str, ...]) -> _Matcher:
    """Compiled patterns; a pure function of them, so memoised across runs."""
    return _Matcher(pathspec.GitIgnoreSpec.from_lines(patterns))


class _Matcher:
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


def _relative_string(absolute: str, root: str) -> Optional[str]:
    """``absolute`` relative to ``root``, with forward slashes; None if it is outside."""
    prefix = root.rstrip(os.sep) + os.sep
    if not absolute.startswith(prefix):
        return None
    return absolute[len(prefix) :].replace(os.sep, "/")
