"""How the project sorts its imports: the isort settings that decide where an added import
goes, and the section ruff's isort sorts a module into.

``ImportStyle`` holds ruff's settings, with ruff's defaults; ``importconfig.py`` reads them
from the configuration the project's import sorter reads (ruff's, else isort's).
``section_of`` then sorts a module into its section as ruff does.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, Mapping, Optional, Tuple

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
