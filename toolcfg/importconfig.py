"""Reading a project's import style from the configuration its import sorter reads.

ruff's configuration comes first, found as ruff finds it (``[lint.isort]``, the deprecated
top-level ``[isort]`` table, ``src``, ``line-length`` and the target Python version). Only
when no ruff configuration applies is isort's own configuration read (``[tool.isort]``,
``.isort.cfg``, ``setup.cfg``, ``tox.ini``), with its profiles, mapped onto the same
settings (``importstyle.ImportStyle``) as far as they decide placement.
"""

from __future__ import annotations

import configparser
import glob
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from toolcfg.configfiles import ConfigFiles, ToolTable, merged
from toolcfg.importstyle import (
    DEFAULT_TARGET_MINOR,
    FIRST_PARTY,
    FUTURE,
    LOCAL_FOLDER,
    SECTIONS,
    STANDARD_LIBRARY,
    THIRD_PARTY,
    ImportStyle,
)


def import_style(directory: Path, files: ConfigFiles) -> ImportStyle:
    """The import style for a file in ``directory``: ruff's, else isort's, else ruff's defaults."""
    directory = Path(os.path.abspath(directory))
    package = _package(directory)
    ruff = files.ruff(directory)
    if ruff is not None:
        return replace(_ruff_style(ruff, files), package=package)
    found = None if files.isolated else _isort_settings(directory, files)
    if found is not None:
        path, settings = found
        return replace(_isort_style(path, settings), package=package)
    # No configuration at all: ruff's defaults, with the project root where ruff runs.
    root = Path.cwd()
    return ImportStyle(src=(root, root / "src"), package=package)


def _package(directory: Path) -> Optional[str]:
    """The name of the outermost package containing ``directory``, as ruff detects it."""
    name = None
    for candidate in (directory, *directory.parents):
        if not (candidate / "__init__.py").is_file():
            break
        name = candidate.name
    return name


# --- ruff --------------------------------------------------------------------------------


def _ruff_style(ruff: ToolTable, files: ConfigFiles) -> ImportStyle:
    table = ruff.table
    root = ruff.path.parent
    lint = table.get("lint")
    isort = merged(
        _table(table.get("isort")), _table(lint.get("isort") if isinstance(lint, dict) else None)
    )
    src = _strings(table.get("src"))
    style = ImportStyle(
        line_length=_int(table.get("line-length"), 88),
        target_minor=_ruff_target(ruff, files),
        src=_roots(root, [".", "src"] if src is None else src),
        origin=ruff.path,
    )
    # A section that ``section-order`` leaves out, built-in or not, falls to the default.
    section_order = _strings(isort.get("section-order"))
    known = _known_modules(
        [(modules, name) for name, modules in _table(isort.get("sections")).items()]
        + [
            (isort.get("known-first-party"), FIRST_PARTY),
            (isort.get("known-third-party"), THIRD_PARTY),
            (isort.get("known-local-folder"), LOCAL_FOLDER),
            (isort.get("extra-standard-library"), STANDARD_LIBRARY),
        ]
    )
    return _with_settings(
        style,
        {
            **{field: isort.get(field.replace("_", "-")) for field in _SHARED_FIELDS},
            "known": known,
            "section_order": tuple(section_order) if section_order else None,
            "default_section": isort.get("default-section"),
            "headings": tuple(_table(isort.get("import-heading")).items()) or None,
        },
    )


def _ruff_target(ruff: ToolTable, files: ConfigFiles) -> int:
    """ruff's target version: ``target-version``, else ``requires-python`` beside it."""
    target = ruff.table.get("target-version")
    if isinstance(target, str) and re.fullmatch(r"py3\d+", target):
        return int(target[3:])
    pyproject = ruff.path.parent / "pyproject.toml"
    document = files.lenient(pyproject)
    project = document.get("project") if document else None
    requires = project.get("requires-python") if isinstance(project, dict) else None
    if isinstance(requires, str):
        match = re.search(r"(?:>=|~=|==|>)\s*3\.(\d+)", requires)
        if match:
            return int(match.group(1))
    return DEFAULT_TARGET_MINOR


# --- isort -------------------------------------------------------------------------------

#: Where isort looks in each directory, in its order, and the sections it reads there.
_ISORT_FILES = (
    (".isort.cfg", ("settings", "isort")),
    ("pyproject.toml", ()),
    ("setup.cfg", ("isort", "tool:isort")),
    ("tox.ini", ("isort", "tool:isort")),
)


#: isort's section names, and ruff's for them.
_ISORT_SECTIONS = {
    "FUTURE": FUTURE,
    "STDLIB": STANDARD_LIBRARY,
    "THIRDPARTY": THIRD_PARTY,
    "FIRSTPARTY": FIRST_PARTY,
    "LOCALFOLDER": LOCAL_FOLDER,
}


#: The settings of isort's profiles that decide placement.
_ISORT_PROFILES: Dict[str, Dict[str, Any]] = {
    "black": {"line_length": 88},
    "django": {"combine_as_imports": True, "line_length": 79},
    "pycharm": {"lines_after_imports": 2},
    "google": {
        "force_single_line": True,
        "force_sort_within_sections": True,
        "line_length": 1000,
        "single_line_exclusions": ["collections.abc", "six.moves", "typing", "typing_extensions"],
        "order_by_type": False,
    },
    "open_stack": {"force_single_line": True, "force_sort_within_sections": True},
    "plone": {"line_length": 88, "force_alphabetical_sort": True, "force_single_line": True},
    "attrs": {"lines_after_imports": 2, "lines_between_types": 1},
    "hug": {"line_length": 100},
    "wemake": {"line_length": 79},
    "appnexus": {
        "line_length": 88,
        "force_sort_within_sections": True,
        "order_by_type": False,
        "case_sensitive": False,
        "reverse_relative": True,
        "sections": ["FUTURE", "STDLIB", "THIRDPARTY", "FIRSTPARTY", "APPLICATION", "LOCALFOLDER"],
        "no_lines_before": ["LOCALFOLDER"],
    },
}


def _isort_settings(directory: Path, files: ConfigFiles) -> Optional[Tuple[Path, Dict[str, Any]]]:
    """isort's settings and the file they are in, found as isort finds them.

    The closest directory with a file holding isort settings wins; the search stops at a
    repository root (``.git`` or ``.hg``).
    """
    for candidate in (directory, *directory.parents):
        for name, sections in _ISORT_FILES:
            path = candidate / name
            if not path.is_file():
                continue
            if name == "pyproject.toml":
                found: Optional[Dict[str, Any]] = files.tool_table(path, "isort")
            else:
                found = _ini_settings(path, sections)
            if found:
                return path, {key.replace("-", "_"): value for key, value in found.items()}
        if (candidate / ".git").exists() or (candidate / ".hg").is_dir():
            return None
    return None


def _ini_settings(path: Path, sections: Tuple[str, ...]) -> Optional[Dict[str, Any]]:
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(path.read_text(encoding="utf-8-sig"), str(path))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    for section in sections:
        if parser.has_section(section):
            return dict(parser.items(section))
    return None


def _isort_style(path: Path, settings: Mapping[str, Any]) -> ImportStyle:
    """The style from isort's ``settings``, read from the file at ``path``."""
    root = path.parent
    profile = _ISORT_PROFILES.get(str(settings.get("profile", "")).strip(), {})
    settings = {**profile, **settings}
    if _bool(settings.get("force_alphabetical_sort"), False):
        settings = {
            "force_sort_within_sections": True,
            "no_sections": True,
            "lines_between_types": 1,
            "from_first": True,
            **settings,
        }
    names = _strings(settings.get("sections"), ini=True)
    order = [_isort_section(name) for name in names] if names else list(SECTIONS)
    known = _known_modules(
        [(settings.get(f"known_{name}"), name) for name in order if name not in SECTIONS]
        + [
            (settings.get("known_first_party"), FIRST_PARTY),
            (settings.get("known_third_party"), THIRD_PARTY),
            (settings.get("known_local_folder"), LOCAL_FOLDER),
            (settings.get("extra_standard_library"), STANDARD_LIBRARY),
            (settings.get("known_standard_library"), STANDARD_LIBRARY),
        ],
        ini=True,
    )
    src = _strings(settings.get("src_paths"), ini=True)
    relative = "closest-to-furthest" if _bool(settings.get("reverse_relative"), False) else None
    isort_names = {ruff: isort.lower() for isort, ruff in _ISORT_SECTIONS.items()}
    headings = tuple(
        (section, str(settings[key]))
        for section in order
        for key in [f"import_heading_{isort_names.get(section, section)}"]
        if key in settings
    )
    style = ImportStyle(
        line_length=_int(settings.get("line_length"), 79),
        target_minor=_isort_target(settings.get("py_version")),
        src=_roots(root, src if src else [".", "src"]),
        origin=path,
    )
    return _with_settings(
        style,
        {
            **{field: settings.get(field) for field in _SHARED_FIELDS},
            "known": known,
            "section_order": tuple(order),
            "default_section": _isort_section(str(settings.get("default_section", "THIRDPARTY"))),
            "no_lines_before": [
                _isort_section(name)
                for name in _strings(settings.get("no_lines_before"), ini=True) or ()
            ],
            "relative_imports_order": relative,
            "headings": headings or None,
        },
        ini=True,
    )


def _isort_section(name: str) -> str:
    name = name.strip()
    return _ISORT_SECTIONS.get(name.upper(), name.lower())


def _isort_target(value: Any) -> Optional[int]:
    """isort's ``py_version``: ``"39"``, ``"3.9"`` or ``"py39"``; ``"auto"`` is this Python."""
    text = str(value or "").strip().lower()
    if text == "auto":
        return sys.version_info[1]
    match = re.fullmatch(r"(?:py)?3\.?(\d+)", text)
    return int(match.group(1)) if match else None


# --- values ------------------------------------------------------------------------------

#: The settings ruff and isort spell alike (in ``kebab-case`` and ``snake_case``).
_SHARED_FIELDS = (
    "no_sections",
    "no_lines_before",
    "detect_same_package",
    "force_sort_within_sections",
    "force_single_line",
    "single_line_exclusions",
    "combine_as_imports",
    "force_wrap_aliases",
    "split_on_trailing_comma",
    "order_by_type",
    "case_sensitive",
    "force_to_top",
    "constants",
    "classes",
    "variables",
    "lines_between_types",
    "lines_after_imports",
    "from_first",
    "relative_imports_order",
    "length_sort",
    "length_sort_straight",
)


def _with_settings(style: ImportStyle, values: Mapping[str, Any], ini: bool = False) -> ImportStyle:
    """``style`` with each value that is present and of the setting's type.

    A value of the wrong type is left to the tool that owns the configuration to report.
    """
    changes: Dict[str, Any] = {}
    for field, value in values.items():
        if value is None:
            continue
        default = getattr(ImportStyle(), field)
        if isinstance(default, bool):
            parsed: Any = _bool(value, None)
        elif isinstance(default, int):
            parsed = _int(value, None)
        elif isinstance(default, frozenset):
            items = _strings(value, ini)
            parsed = frozenset(items) if items is not None else None
        elif field in ("default_section", "relative_imports_order"):
            parsed = value if isinstance(value, str) else None
        else:
            parsed = value if isinstance(value, tuple) else None
        if parsed is not None:
            changes[field] = parsed
    return replace(style, **changes)


def _known_modules(
    lists: Iterable[Tuple[Any, str]], ini: bool = False
) -> Tuple[Tuple[str, str], ...]:
    """Each pattern of each ``(patterns, section)`` pair, with its section, in order."""
    return tuple(
        (pattern, section)
        for patterns, section in lists
        for pattern in _strings(patterns, ini) or ()
    )


def _roots(root: Path, entries: Iterable[str]) -> Tuple[Path, ...]:
    """``src`` entries as directories, relative to ``root``; glob patterns are expanded."""
    roots: List[Path] = []
    for entry in entries:
        path = root / os.path.expanduser(entry)
        if glob.has_magic(str(path)):
            roots += sorted(Path(p) for p in glob.glob(str(path)))
        else:
            roots.append(Path(os.path.normpath(path)))
    return tuple(roots)


def _table(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any, ini: bool = False) -> Optional[List[str]]:
    """A list of strings; in an INI file, a comma- or line-separated string."""
    if ini and isinstance(value, str):
        return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def _bool(value: Any, default: Optional[bool]) -> Optional[bool]:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "0", "no", "off"):
        return False
    return default


def _int(value: Any, default: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return default
