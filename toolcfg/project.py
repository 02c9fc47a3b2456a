"""What a project declares about the versions it runs on: Python, and the LangChain packages.

The rules matter only on some Python and package versions, and a rule is silenced only when
*every* version the project admits is past its bound. So the sources are combined
conservatively: an application's lock file pin wins; otherwise the declarations that apply
to every install (``[project] dependencies``, Poetry's main dependencies,
``requirements.txt``) are intersected; otherwise, when only optional ones (extras, groups,
dev, other ``requirements-*.txt``) mention a package, the widest range any of them admits
counts. A package nobody mentions is absent, which means "any version, old ones included".

A lock file pins what the project's own environment runs. That is what an application runs,
but a library's users run whatever its dependencies admit: its lock file is ignored. A
project is an application when it cannot be built into a package: no ``[build-system]``,
``[tool.uv] package = false``, or Poetry's ``package-mode = false``.

The Python comes from ``requires-python`` (or Poetry's ``python``), else ``setup.cfg``'s or
``setup.py``'s ``python_requires`` (read, never run), else the ``python_version`` that
``langgraph.json`` deploys its graphs on.
"""

from __future__ import annotations

import ast
import configparser
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, List, Mapping, Optional, Set, Tuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from toolcfg.configfiles import ConfigError, ConfigFiles, nearest
from toolcfg.versions import (
    Range,
    Version,
    hull,
    intersection,
    parse_poetry,
    parse_specifiers,
    specified,
)

#: The packages whose versions decide whether config is lost (docs/facts.md).
PACKAGES = ("langchain-core", "langgraph", "langchain")
LOCK_FILES = ("uv.lock", "poetry.lock")
#: Files besides ``pyproject.toml`` that declare the Python a project runs on.
PYTHON_FILES = ("setup.cfg", "setup.py", "langgraph.json")

#: A requirement's name, to tell whether one ``packaging`` cannot read is ours.
_NAME = re.compile(r"\s*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_INCLUDE = re.compile(r"(?:-r|--requirement)(?:\s*=\s*|\s+|(?=[^\s=]))(?P<file>\S+)")


@dataclass(frozen=True)
class Declared:
    """A range of versions and where it was declared: ``short`` for messages, ``long`` (with
    absolute paths) for ``--show-settings``."""

    range: Range
    short: str
    long: str


@dataclass(frozen=True)
class Project:
    """The declarations of one ``pyproject.toml`` and the files next to it."""

    #: Its ``pyproject.toml`` (which a ``setup.py`` project may not have).
    pyproject: Optional[Path] = None
    python: Optional[Declared] = None
    #: Canonical package name -> its declared range; packages nobody mentions are absent.
    packages: Mapping[str, Declared] = field(default_factory=dict)
    #: Why lock files count, or do not, for ``--show-settings``; empty without one.
    locks: str = ""


def canonical_name(name: str) -> str:
    """As PEP 503 compares names: ``LangChain_Core`` is ``langchain-core``."""
    return str(canonicalize_name(name))


def project_for(directory: Path, files: ConfigFiles) -> Project:
    """The project of the closest ``pyproject.toml`` in or above ``directory``."""
    pyproject = nearest(directory, "pyproject.toml")
    return read_project(pyproject, files) if pyproject is not None else Project()


def read_project(pyproject: Path, files: ConfigFiles) -> Project:
    """Read ``pyproject`` (which need not exist) and the requirements, lock, ``setup``
    and ``langgraph.json`` files beside it.

    Raises ``ConfigError`` naming the file and key (or line) of a malformed value.
    """
    pyproject = pyproject.absolute()
    directory = pyproject.parent
    document = files.document(pyproject) or {}
    reader = _Reader(pyproject, document)
    application, locks = reader.application()
    lock_mentions = list(_lock_mentions(directory, files))
    if not lock_mentions:
        locks = ""
    # A group included by others is read with each of them: count each declaration once.
    mentions = list(
        dict.fromkeys(
            (
                *reader.mentions(),
                *_requirements_mentions(directory),
                *(lock_mentions if application else ()),
            )
        )
    )
    packages = {}
    for name in PACKAGES:
        declared = _combine(name, [m for m in mentions if m.package == name])
        if declared is not None:
            packages[name] = declared
    python = reader.python() or _setup_python(directory, files) or _langgraph_python(directory)
    return Project(pyproject, python, packages, locks)


@dataclass(frozen=True)
class _Mention:
    """One declaration of a package's versions."""

    package: str
    range: Range
    #: "pin" (a lock file), "always" (every install) or "optional".
    kind: str
    #: The requirement as written, e.g. ``langchain-core>=1.5``.
    written: str
    #: The file's name, for messages, and where exactly, for ``--show-settings``.
    where: str
    long_where: str


def _combine(name: str, mentions: List[_Mention]) -> Optional[Declared]:
    pins = [m for m in mentions if m.kind == "pin"]
    always = [m for m in mentions if m.kind == "always"]
    chosen, note = pins, ""
    admitted = hull(m.range for m in pins) if pins else Range()
    if not pins and always:
        chosen = always
        admitted = intersection(m.range for m in always)
        if admitted.is_empty():
            admitted, note = (
                hull(m.range for m in always),
                ", which conflict, so the widest range counts",
            )
    elif not pins:
        chosen = mentions
        if not chosen:
            return None
        admitted, note = hull(m.range for m in chosen), ", all optional, so the widest range counts"
    where = ", ".join(dict.fromkeys(m.where for m in chosen))
    long = "; ".join(f"`{m.written}` in {m.long_where}" for m in chosen)
    return Declared(admitted, f"`{name}{admitted}` in {where}", long + note)


class _Reader:
    """The declarations of one ``pyproject.toml`` document."""

    def __init__(self, path: Path, document: Mapping[str, Any]) -> None:
        self.path = path
        self.document = document
        self.project = self._table(document, "", "project")
        tool = self._table(document, "", "tool")
        self.poetry = self._table(tool, "tool", "poetry")
        self.uv = self._table(tool, "tool", "uv")
        self.groups = self._table(document, "", "dependency-groups")

    def python(self) -> Optional[Declared]:
        """``requires-python``, else Poetry's ``python`` dependency."""
        written = self.project.get("requires-python")
        if written is not None:
            key = "project.requires-python"
            admitted = self._parse(parse_specifiers, written, key)
            return Declared(
                admitted,
                f"`requires-python {written.strip()}`",
                f'`requires-python = "{written}"` in {self.path}',
            )
        dependencies = self._table(self.poetry, "tool.poetry", "dependencies")
        written = dependencies.get("python")
        if written is None:
            return None
        admitted = self._parse(parse_poetry, written, "tool.poetry.dependencies.python")
        text = f'Poetry\'s `python = "{written}"`'
        return Declared(admitted, text, f"{text} in [tool.poetry.dependencies] of {self.path}")

    def application(self) -> Tuple[bool, str]:
        """Is the project an application, whose lock file pins what runs? And why, for
        ``--show-settings``."""
        if self.document.get("build-system") is None:
            return True, f"pinned by the lock files: {self.path} has no [build-system]"
        if self.uv.get("package") is False:
            return True, f"pinned by the lock files: `package = false` in [tool.uv] of {self.path}"
        if self.poetry.get("package-mode") is False:
            return True, f"pinned by the lock files: Poetry's `package-mode = false` in {self.path}"
        return False, (
            f"lock files ignored: {self.path} builds a package, whose users install any "
            "version its dependencies admit"
        )

    def mentions(self) -> Iterator[_Mention]:
        yield from self._pep508(self.project, "dependencies", "project", "always")
        extras = self._table(self.project, "project", "optional-dependencies")
        for extra in extras:
            yield from self._pep508(extras, extra, "project.optional-dependencies", "optional")
        for group in self.groups:
            for written, key in self._group(group, ()):
                yield from self._requirement(written, key, "optional")
        yield from self._pep508(self.uv, "dev-dependencies", "tool.uv", "optional")
        yield from self._poetry(("dependencies",), "always")
        yield from self._poetry(("dev-dependencies",), "optional")
        groups = self._table(self.poetry, "tool.poetry", "group")
        for group in groups:
            table = self._table(groups, "tool.poetry.group", group)
            yield from self._poetry(("group", group, "dependencies"), "optional", table)

    def _pep508(
        self, table: Mapping[str, Any], key: str, prefix: str, kind: str
    ) -> Iterator[_Mention]:
        for written in self._strings(table, key, f"{prefix}.{key}"):
            yield from self._requirement(written, f"{prefix}.{key}", kind)

    def _requirement(self, written: str, key: str, kind: str) -> Iterator[_Mention]:
        try:
            found = parse_requirement(written)
        except ValueError as error:
            raise ConfigError(self.path, f"{error}", key) from error
        if found is not None:
            where = f"`{key}` of {self.path}"
            yield _Mention(found[0], found[1], kind, written.strip(), "pyproject.toml", where)

    def _group(self, group: str, seen: Tuple[str, ...]) -> Iterator[Tuple[str, str]]:
        """PEP 735: a group's requirements, ``include-group`` followed."""
        key = f"dependency-groups.{group}"
        if group in seen:
            raise ConfigError(self.path, "includes itself through include-group", key)
        if group not in self.groups:
            raise ConfigError(self.path, "no such group to include", key)
        entries = self.groups[group]
        if not isinstance(entries, list):
            raise ConfigError(self.path, "must be a list", key)
        for entry in entries:
            if isinstance(entry, str):
                yield entry, key
            elif isinstance(entry, dict) and isinstance(entry.get("include-group"), str):
                yield from self._group(entry["include-group"], (*seen, group))
            else:
                raise ConfigError(self.path, f"not a requirement or include-group: {entry!r}", key)

    def _poetry(
        self, keys: Tuple[str, ...], kind: str, table: Optional[Mapping[str, Any]] = None
    ) -> Iterator[_Mention]:
        """One table of Poetry dependencies: ``name = "^1.0"``, a table with ``version``
        (``optional = true`` makes it an extra's), or a list of those (their hull)."""
        key = ".".join(("tool.poetry", *keys))
        parent = table if table is not None else self.poetry
        dependencies = self._table(parent, ".".join(("tool.poetry", *keys[:-1])), keys[-1])
        for name, value in dependencies.items():
            package = canonical_name(name)
            if package not in PACKAGES:
                continue
            entries = value if isinstance(value, list) else [value]
            ranges, optional = [], False
            for entry in entries:
                if isinstance(entry, dict):
                    optional = optional or entry.get("optional") is True
                    entry = entry.get("version")
                if entry is None:
                    continue  # a git, path or URL dependency: no version to go by
                ranges.append(self._parse(parse_poetry, entry, f"{key}.{name}"))
            if ranges:
                written = f'{name} = "{value}"' if isinstance(value, str) else f"{name} = {value}"
                yield _Mention(
                    package,
                    hull(ranges),
                    "optional" if optional else kind,
                    written,
                    "pyproject.toml",
                    f"[{key}] of {self.path}",
                )

    def _table(self, parent: Mapping[str, Any], prefix: str, name: str) -> Mapping[str, Any]:
        """``parent[name]``, a table (empty when absent); ``prefix`` is ``parent``'s key."""
        value = parent.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(self.path, "must be a table", f"{prefix}.{name}".lstrip("."))
        return value

    def _strings(self, table: Mapping[str, Any], name: str, key: str) -> List[str]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(each, str) for each in value):
            raise ConfigError(self.path, "must be a list of strings", key)
        return value

    def _parse(self, parse: Callable[[str], Range], written: Any, key: str) -> Range:
        if not isinstance(written, str):
            raise ConfigError(self.path, f"must be a string, not {written!r}", key)
        try:
            return parse(written)
        except ValueError as error:
            raise ConfigError(self.path, f"{error}", key) from error


def parse_requirement(text: str) -> Optional[Tuple[str, Range]]:
    """A PEP 508 requirement, if it names one of ``PACKAGES`` by version.

    ``LangChain_Core[x]>=1.5; python_version < "3.11"`` gives ``("langchain-core", >=1.5)``:
    an environment marker does not drop the requirement. None for other packages and for
    ``name @ url``. ``ValueError`` when it is not a requirement at all, or is a malformed
    one of ``PACKAGES``; a malformed one of another package is not read, as before
    ``packaging`` read requirements.
    """
    try:
        requirement = Requirement(text.strip())
    except InvalidRequirement as error:
        name = _NAME.match(text)
        if name is not None and canonical_name(name.group("name")) not in PACKAGES:
            return None
        reason = str(error).splitlines()[0]  # packaging draws a caret on the lines below
        raise ValueError(f"not a requirement: {text.strip()!r} ({reason})") from None
    package = canonical_name(requirement.name)
    if package not in PACKAGES or requirement.url is not None:
        return None
    return package, intersection(specified(each) for each in requirement.specifier)


def _requirements_mentions(directory: Path) -> Iterator[_Mention]:
    """``requirements*.txt`` next to the ``pyproject.toml``; only ``requirements.txt`` (and
    what it includes) applies to every install."""
    for path in sorted(directory.glob("requirements*.txt")):
        kind = "always" if path.name == "requirements.txt" else "optional"
        yield from _requirements_file(path, kind, set())


def _requirements_file(path: Path, kind: str, seen: Set[Path]) -> Iterator[_Mention]:
    """pip's format: ``-r`` followed; other options, URLs, paths and ``-e`` skipped."""
    seen.add(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"cannot read: {error}") from error
    for number, line in _logical_lines(text):
        include = _INCLUDE.fullmatch(line)
        if include is not None:
            target = (path.parent / include.group("file")).absolute()
            if not target.is_file():
                raise ConfigError(path, f"line {number}: no file {include.group('file')}")
            if target not in seen:
                yield from _requirements_file(target, kind, seen)
            continue
        if line.startswith((".", "/", "-")) or "://" in line.split(";", 1)[0]:
            continue
        # pip-compile's `--hash=...` options follow the requirement on its line.
        requirement = re.split(r"\s+--?[a-z]", line, maxsplit=1)[0]
        try:
            found = parse_requirement(requirement)
        except ValueError as error:
            raise ConfigError(path, f"line {number}: {error}") from error
        if found is not None:
            yield _Mention(
                found[0], found[1], kind, requirement, path.name, f"{path} line {number}"
            )


def _logical_lines(text: str) -> Iterator[Tuple[int, str]]:
    """Non-empty lines without comments, continuations joined, with their first line's
    number."""
    pending: List[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*", "", raw)
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        joined = " ".join([*pending, line]).strip()
        pending = []
        if joined:
            yield start, joined
    if pending and " ".join(pending).strip():
        yield start, " ".join(pending).strip()


def _lock_mentions(directory: Path, files: ConfigFiles) -> Iterator[_Mention]:
    """The versions ``uv.lock`` and ``poetry.lock`` pin (``[[package]]`` name and version)."""
    for name in LOCK_FILES:
        path = directory / name
        document = files.document(path)
        if document is None:
            continue
        packages = document.get("package", [])
        if not isinstance(packages, list):
            raise ConfigError(path, "must be an array of tables", "package")
        for entry in packages:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            package = canonical_name(entry["name"])
            if package not in PACKAGES or not isinstance(entry.get("version"), str):
                continue
            try:
                version = Version.parse(entry["version"])
            except ValueError as error:
                raise ConfigError(path, f"{error}", f"package {entry['name']}") from error
            written = f"{package}=={entry['version']}"
            yield _Mention(
                package, Range(version, version.above()), "pin", written, name, str(path)
            )


def _setup_python(directory: Path, files: ConfigFiles) -> Optional[Declared]:
    """``python_requires`` in ``setup.cfg``'s ``[options]``, else a string literal passed
    as ``python_requires=`` in ``setup.py``, read with ``ast`` and never run."""
    written: Optional[str] = None
    where = ""
    config = directory / "setup.cfg"
    if config.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(config.read_text(encoding="utf-8", errors="replace"))
        except configparser.Error:
            pass
        else:
            written = parser.get("options", "python_requires", fallback=None)
            where = f"[options] of {config}"
    script = directory / "setup.py"
    if written is None and script.is_file():
        written = _setup_keyword(script, "python_requires")
        where = str(script)
    if written is None:
        return None
    try:
        admitted = parse_specifiers(written)
    except ValueError:
        return None  # a value we cannot read is not a declaration we can use
    text = f"`python_requires {written.strip()}`"
    return Declared(
        admitted, f"{text} in {Path(where.split(' of ')[-1]).name}", f"{text} in {where}"
    )


def _setup_keyword(script: Path, keyword: str) -> Optional[str]:
    try:
        tree = ast.parse(script.read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for argument in node.keywords:
                value = argument.value
                if (
                    argument.arg == keyword
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    return value.value
    return None


def _langgraph_python(directory: Path) -> Optional[Declared]:
    """The Python ``langgraph.json`` deploys the project's graphs on (``"python_version":
    "3.11"``), when nothing else declares one: the graphs it names run there."""
    path = directory / "langgraph.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    written = document.get("python_version") if isinstance(document, dict) else None
    if not isinstance(written, str) or not re.fullmatch(r"3\.\d+", written.strip()):
        return None
    admitted = parse_specifiers(f">={written.strip()}")
    text = f'`"python_version": "{written.strip()}"`'
    return Declared(admitted, f"{text} in langgraph.json", f"{text} in {path}")
