"""One layer of settings, read and checked: a configuration file's ``[tool.toolcfg]``,
``--config``'s ``KEY = VALUE`` pairs, or the command line's flags.

ruff layers its settings the same way: a configuration file, then ``--config``'s pairs
over every configuration file, then the flags. A layer says only what it sets; the
``Resolver`` (``toolcfg.settings``) lays each over the ones before it. Reading a table
into a layer is the one place a setting's value is checked, so that a bad value reads the
same whether a file or ``--config`` gave it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from toolcfg.selection import Selection, SelectorError, codes
from toolcfg.versions import PYTHON_TARGETS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9 and 3.10
    import tomli as tomllib

#: What ``--output-format`` and ``output-format`` take, as ruff names them.
OUTPUT_FORMATS = (
    "concise",
    "full",
    "json",
    "json-lines",
    "junit",
    "grouped",
    "github",
    "gitlab",
    "pylint",
    "rdjson",
    "azure",
    "sarif",
)

KNOWN_KEYS = frozenset(
    (
        "select",
        "extend-select",
        "ignore",
        "fixable",
        "extend-fixable",
        "unfixable",
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

#: ``per-file-ignores``: (pattern, codes) pairs, in the order written.
PerFile = Tuple[Tuple[str, Tuple[str, ...]], ...]


class SettingsError(Exception):
    """A setting that cannot be used: exit code 2. ``path`` is the file that holds it (None
    for the command line) and ``reason`` what is wrong, so that a caller can report the
    error against the file."""

    def __init__(self, reason: str, path: Optional[Path] = None) -> None:
        self.reason, self.path = reason, path
        super().__init__(f"{path}: {reason}" if path is not None else reason)


@dataclass(frozen=True)
class Layer:
    """Settings over the ones before: None (or empty) leaves a setting as it was."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    fixable: Optional[Tuple[str, ...]] = None
    extend_fixable: Tuple[str, ...] = ()
    unfixable: Tuple[str, ...] = ()
    exclude: Optional[Tuple[str, ...]] = None
    extend_exclude: Tuple[str, ...] = ()
    per_file_ignores: Optional[PerFile] = None
    extend_per_file_ignores: PerFile = ()
    respect_gitignore: Optional[bool] = None
    output_format: Optional[str] = None
    line_length: Optional[int] = None
    #: ``py39`` ... ``py314``.
    target_version: Optional[str] = None

    @property
    def selection(self) -> Selection:
        return Selection(self.select, self.extend_select, self.ignore)

    @property
    def fixability(self) -> Selection:
        return Selection(self.fixable, self.extend_fixable, self.unfixable)

    @property
    def empty(self) -> bool:
        return self == Layer()


def read_layer(
    table: Mapping[str, Any], path: Optional[Path], where: str = "[tool.toolcfg]"
) -> Layer:
    """``table`` (``[tool.toolcfg]``'s keys) checked and read; ``path`` (None for
    ``--config``'s pairs) and ``where`` name it in an error."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise SettingsError(f"unknown setting {unknown[0]!r} in {where}", path)
    output_format = table.get("output-format")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise SettingsError(f"output-format must be one of {', '.join(OUTPUT_FORMATS)}", path)
    line_length = table.get("line-length")
    if line_length is not None and not is_line_length(line_length):
        raise SettingsError("line-length must be a whole number from 1 to 320", path)
    target = table.get("target-version")
    if target is not None and target not in PYTHON_TARGETS:
        raise SettingsError(
            f"`target-version` in {where} must be one of "
            f"{', '.join(PYTHON_TARGETS)}, not {target!r}",
            path,
        )
    respect_gitignore = table.get("respect-gitignore")
    if respect_gitignore is not None and not isinstance(respect_gitignore, bool):
        raise SettingsError("`respect-gitignore` must be true or false", path)

    def listed(key: str) -> Optional[Tuple[str, ...]]:
        return _listed_codes(table, key, path) if key in table else None

    return Layer(
        select=listed("select"),
        extend_select=listed("extend-select") or (),
        ignore=listed("ignore") or (),
        fixable=listed("fixable"),
        extend_fixable=listed("extend-fixable") or (),
        unfixable=listed("unfixable") or (),
        exclude=_strings(table, "exclude", path) if "exclude" in table else None,
        extend_exclude=_strings(table, "extend-exclude", path),
        per_file_ignores=_per_file(table, "per-file-ignores", path)
        if "per-file-ignores" in table
        else None,
        extend_per_file_ignores=_per_file(table, "extend-per-file-ignores", path),
        respect_gitignore=respect_gitignore,
        output_format=output_format,
        line_length=line_length,
        target_version=target,
    )


def read_pairs(texts: Iterable[str]) -> Layer:
    """``--config``'s ``KEY = VALUE`` pairs, each TOML, as one layer; a later pair wins.
    Raises ``ValueError`` for a text that is not TOML, and ``SettingsError`` for a pair
    that is not a setting."""
    table: dict = {}
    for text in texts:
        table.update(tomllib.loads(text))
    return read_layer(table, None, "`--config`")


def is_line_length(value: Any) -> bool:
    """As ruff allows: a whole number from 1 to 320."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 320


def checked_codes(
    values: Iterable[str], where: str, path: Optional[Path] = None
) -> Tuple[str, ...]:
    """``selection.codes``, with a selector of no rule an error of the file (or flag)."""
    try:
        return codes(values, where)
    except SelectorError as error:
        raise SettingsError(str(error), path) from error


def _strings(table: Mapping[str, Any], key: str, path: Optional[Path]) -> Tuple[str, ...]:
    """A list of strings, such as ``select`` or ``exclude``: anything else names the key,
    rather than being read as something the user did not mean (``exclude = "build"`` is
    not five one-letter patterns)."""
    value = table.get(key, [])
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"`{key}` must be a list of strings", path)
    return tuple(value)


def _listed_codes(table: Mapping[str, Any], key: str, path: Optional[Path]) -> Tuple[str, ...]:
    return checked_codes(_strings(table, key, path), f"`{key}`", path)


def _per_file(table: Mapping[str, Any], key: str, path: Optional[Path]) -> PerFile:
    """``per-file-ignores`` (or ``extend-per-file-ignores``): patterns to code lists."""
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(
        isinstance(found, list) and all(isinstance(code, str) for code in found)
        for found in value.values()
    ):
        raise SettingsError(f"`{key}` must be a table of code lists", path)
    return tuple(
        (pattern, checked_codes(found, f"`{key}` for {pattern!r}", path))
        for pattern, found in value.items()
    )


def read_config_arguments(values: Iterable[str]) -> Tuple[Optional[Path], Layer]:
    """``--config``, given once or more, as ruff reads it: a value naming a file is the
    configuration file to use (one at most), any other is a TOML ``KEY = VALUE`` pair."""
    config: Optional[Path] = None
    pairs = []
    for value in values:
        path = Path(os.path.expanduser(os.path.expandvars(value)))
        if path.is_file():
            if config is not None:
                raise SettingsError(
                    f"`--config` names two configuration files, {config} and {path}; "
                    "only one can be used"
                )
            config = path
            continue
        try:
            tomllib.loads(value)
        except tomllib.TOMLDecodeError as error:
            looks = "names no file" if value.endswith(".toml") else f"is not TOML ({error})"
            raise SettingsError(
                f"`--config {value}` {looks}: `--config` takes a configuration file "
                "(pyproject.toml or toolcfg.toml) or a TOML `KEY = VALUE` pair that "
                'overrides a setting, such as `--config "line-length = 100"`'
            ) from error
        pairs.append(value)
    return config, read_pairs(pairs) if pairs else Layer()


def read_per_file_flags(values: Iterable[str], option: str) -> PerFile:
    """``--per-file-ignores "tests/*:TCF0,a.py:TCF101"``, given once or more: comma-separated
    ``PATTERN:CODE`` pairs, as ruff reads them; a pattern's codes are gathered in order."""
    found: Dict[str, List[str]] = {}
    for value in values:
        for pair in filter(None, (part.strip() for part in value.split(","))):
            pattern, colon, code = pair.rpartition(":")
            if not colon or not pattern or not code:
                raise SettingsError(f"`{option}` takes PATTERN:CODE pairs, not {pair!r}")
            found.setdefault(pattern, []).append(code)
    return tuple(
        (pattern, checked_codes(codes, f"`{option}` for {pattern!r}"))
        for pattern, codes in found.items()
    )


def split_values(values: Iterable[str]) -> Tuple[str, ...]:
    """A flag's values, given once or more and each comma-separated, as ruff reads them."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())
