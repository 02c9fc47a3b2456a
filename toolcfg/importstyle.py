"""How the project sorts its imports: the isort settings that decide where an added import
goes, read from the configuration that the project's import sorter reads.

ruff's configuration comes first, found as ruff finds it (``[lint.isort]``, the deprecated
top-level ``[isort]`` table, ``src``, ``line-length`` and the target Python version). Only
when no ruff configuration applies is isort's own configuration read (``[tool.isort]``,
``.isort.cfg``, ``setup.cfg``, ``tox.ini``), mapped onto the same settings as far as they
decide placement. ``section_of`` then sorts a module into its section as ruff does.
"""

from __future__ import annotations

import configparser
import glob
import os
import re
import sys
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Tuple

from toolcfg.configfiles import ConfigFiles, ToolTable, merged

FUTURE = "future"
STANDARD_LIBRARY = "standard-library"
THIRD_PARTY = "third-party"
FIRST_PARTY = "first-party"
LOCAL_FOLDER = "local-folder"
SECTIONS = (FUTURE, STANDARD_LIBRARY, THIRD_PARTY, FIRST_PARTY, LOCAL_FOLDER)

#: ruff's default ``target-version`` (3.9 before ruff 0.17). It only matters for the few
#: modules that entered or left the standard library, such as ``tomllib`` and ``distutils``.
DEFAULT_TARGET_MINOR = 11


@dataclass(frozen=True)
class ImportStyle:
    """The settings of ruff's isort that decide where an import goes and how it is laid out.

    The defaults are ruff's. Section names are ruff's (``"third-party"``); custom sections
    keep the name the configuration gives them.
    """

    line_length: int = 88
    #: The Python 3 minor version whose standard library counts; None: any version's.
    target_minor: Optional[int] = DEFAULT_TARGET_MINOR
    #: Directories whose top-level packages and modules are first-party.
    src: Tuple[Path, ...] = ()
    #: The top-level package the file belongs to, first-party with ``detect_same_package``.
    package: Optional[str] = None
    detect_same_package: bool = True
    #: Glob patterns of module names and their sections, the first match winning.
    known: Tuple[Tuple[str, str], ...] = ()
    section_order: Tuple[str, ...] = SECTIONS
    default_section: str = THIRD_PARTY
    no_sections: bool = False
    no_lines_before: FrozenSet[str] = frozenset()
    #: A comment line ruff writes above each section, by section.
    headings: Tuple[Tuple[str, str], ...] = ()
    force_sort_within_sections: bool = False
    force_single_line: bool = False
    single_line_exclusions: FrozenSet[str] = frozenset()
    combine_as_imports: bool = False
    force_wrap_aliases: bool = False
    split_on_trailing_comma: bool = True
    order_by_type: bool = True
    case_sensitive: bool = False
    force_to_top: FrozenSet[str] = frozenset()
    constants: FrozenSet[str] = frozenset()
    classes: FrozenSet[str] = frozenset()
    variables: FrozenSet[str] = frozenset()
    lines_between_types: int = 0
    lines_after_imports: int = -1
    from_first: bool = False
    #: ``"furthest-to-closest"`` (``from .. import`` first) or ``"closest-to-furthest"``.
    relative_imports_order: str = "furthest-to-closest"
    length_sort: bool = False
    length_sort_straight: bool = False
    #: The configuration file the settings come from, if any.
    origin: Optional[Path] = None

    def heading(self, section: str) -> Optional[str]:
        """The heading comment's text for ``section``, without its ``#``."""
        return dict(self.headings).get(section)


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


def section_of(module: Optional[str], level: int, style: ImportStyle) -> str:
    """The section ruff's isort puts ``from <level dots><module> import ...`` in.

    In ruff's order: ``__future__``; everything with ``no-sections``; relative imports; the
    known modules; the standard library; the file's own package; a package or module
    under a ``src`` root; ``__main__``; else the default section.
    """
    name = module or ""
    base = name.split(".")[0]
    section: Optional[str]
    if level == 0 and base == "__future__":
        section = FUTURE
    elif style.no_sections:
        section = FIRST_PARTY
    elif level > 0:
        section = LOCAL_FOLDER
    else:
        section = _known_section(name, style)
        if section is None:
            if is_standard_library(base, style.target_minor):
                section = STANDARD_LIBRARY
            elif (
                (style.detect_same_package and style.package == base)
                or _under_src(name, style.src)
                or name == "__main__"
            ):
                section = FIRST_PARTY
            else:
                section = style.default_section
    return section if section in style.section_order else style.default_section


def is_standard_library(module: str, minor: Optional[int]) -> bool:
    """Is the top-level ``module`` in the standard library of Python 3.``minor`` (None: any)?

    The table is ruff's for Python 3.9 to 3.14 (``sys.stdlib_module_names`` only exists
    from 3.10, and describes the running Python rather than the target one).
    """
    span = _STDLIB.get(module)
    if span is None:
        return False
    if minor is None:
        return True
    first, last = span
    return first <= min(max(minor, 9), 14) <= last


def _known_section(module: str, style: ImportStyle) -> Optional[str]:
    """The section of the first known pattern matching the module, as ruff matches them.

    Patterns without a dot are matched against the top-level module only; once one has a
    dot, every prefix of the module is tried, the longest first.
    """
    if not style.known or not module:
        return None
    parts = module.split(".")
    if any("." in pattern for pattern, _ in style.known):
        candidates = [".".join(parts[:end]) for end in range(len(parts), 0, -1)]
    else:
        candidates = [parts[0]]
    for candidate in candidates:
        for pattern, section in style.known:
            if fnmatchcase(candidate, pattern):
                return section
    return None


def _under_src(module: str, roots: Iterable[Path]) -> bool:
    """Is ``module`` a package or module under one of the ``src`` roots?

    As ruff 0.17 checks it, the whole dotted path must exist there: a directory, or a
    ``.py`` or ``.pyi`` file (earlier ruff only looked for the top-level name).
    """
    parts = module.split(".")
    if not all(parts):
        return False
    return any(
        root.joinpath(*parts).is_dir()
        or root.joinpath(*parts[:-1], f"{parts[-1]}.py").is_file()
        or root.joinpath(*parts[:-1], f"{parts[-1]}.pyi").is_file()
        for root in roots
    )


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


# --- the standard library ----------------------------------------------------------------


def _spans(table: Mapping[Tuple[int, int], str]) -> Dict[str, Tuple[int, int]]:
    return {name: span for span, names in table.items() for name in names.split()}


#: The top-level modules of the standard library of Python 3.9 to 3.14, as ruff lists them,
#: with the first and the last minor version that has each.
_STDLIB = _spans(
    {
        (9, 14): """
        __future__ __hello__ __phello__ _abc _aix_support _ast _asyncio _bisect _blake2 _bz2
        _codecs _codecs_cn _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw
        _collections _collections_abc _compat_pickle _contextvars _csv _ctypes _ctypes_test
        _curses _curses_panel _datetime _dbm _decimal _elementtree _frozen_importlib
        _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json _locale
        _lsprof _lzma _markupbase _md5 _multibytecodec _multiprocessing _opcode _operator
        _osx_support _overlapped _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio
        _queue _random _scproxy _sha1 _sha3 _signal _sitebuiltins _socket _sqlite3 _sre _ssl
        _stat _statistics _string _strptime _struct _symtable _testbuffer _testcapi _testconsole
        _testimportmultiple _testinternalcapi _testmultiphase _thread _threading_local _tkinter
        _tracemalloc _uuid _warnings _weakref _weakrefset _winapi _xxtestfuzz _zoneinfo abc
        antigravity argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2
        cProfile calendar cmath cmd code codecs codeop collections colorsys compileall
        concurrent configparser contextlib contextvars copy copyreg csv ctypes curses
        dataclasses datetime dbm decimal difflib dis doctest email encodings ensurepip enum
        errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc
        genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http
        idlelib imaplib importlib inspect io ipaddress itertools json keyword linecache locale
        logging lzma mailbox marshal math mimetypes mmap modulefinder msvcrt multiprocessing
        netrc nt ntpath nturl2path numbers opcode operator optparse os pathlib pdb pickle
        pickletools pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty
        pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib
        resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal
        site smtplib socket socketserver sqlite3 sre_compile sre_constants sre_parse ssl stat
        statistics string stringprep struct subprocess symtable sys sysconfig syslog tabnanny
        tarfile tempfile termios textwrap this threading time timeit tkinter token tokenize
        trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest
        urllib uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xml xmlrpc xx
        xxlimited xxsubtype zipapp zipfile zipimport zlib zoneinfo
        """,
        (9, 9): "_bootlocale _peg_parser formatter parser symbol",
        (9, 10): "binhex",
        (9, 11): "_bootsubprocess _sha256 _sha512 asynchat asyncore distutils imp smtpd",
        (9, 12): "_crypt _msi _xxsubinterpreters aifc audioop cgi cgitb chunk crypt imghdr "
        "lib2to3 mailcap msilib nis nntplib ossaudiodev pipes sndhdr spwd sunau telnetlib uu "
        "xdrlib",
        (9, 13): "_compression",
        (10, 14): "_testclinic xxlimited_35",
        (11, 14): "__hello_alias__ __hello_only__ __phello_alias__ _tokenize _typing tomllib",
        (12, 12): "_xxinterpchannels",
        (12, 14): "_pydatetime _pylong _sha2 _testsinglephase _wmi",
        (13, 13): "_testexternalinspection",
        (13, 14): "_android_support _apple_support _colorize _interpchannels _interpqueues "
        "_interpreters _ios_support _opcode_metadata _pyrepl _suggestions _sysconfig "
        "_testcapi_datetime _testclinic_limited _testlimitedcapi",
        (14, 14): "_ast_unparse _hmac _py_warnings _remote_debugging _types _zstd annotationlib "
        "compression",
    }
)
