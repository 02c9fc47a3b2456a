"""toolcfg reads untrusted code and an untrusted cache; it must run neither.

A checked file, or a ``conftest.py``, ``__init__.py`` or ``setup.py`` next to it, that
writes a marker file when imported; and a ``.toolcfg_cache/`` that came with a checkout,
holding a pickle, malformed JSON, fake findings whose "fixes" are code, or links to
devices and files elsewhere. Every command must leave no marker, and a bogus cache must
be ignored, never crash the run or change its result.

The cache is one SQLite database (``toolcfg.cache``) whose tables hold JSON values:
``files`` (stamps, hashes and the prefilter's verdicts), ``summaries`` (module summaries),
``analyses`` (findings by content, plan and settings) and ``runs`` (whole runs). Bad data is
planted in a value of each; the database itself is replaced by files that are not a
database, by databases that are not exactly ours, and by links.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from support import FIXED, NAIVE, NAIVE_MESSAGE, TOOLCFG_SCRIPT, invoke, lines, write

from toolcfg import __version__
from toolcfg.cache import DATABASE


def _marking(marker: Path, label: str) -> str:
    """Python that leaves ``marker`` behind if it is ever run, in three different ways."""
    return (
        f"open({str(marker)!r}, 'a').write({label!r} + ' imported\\n')\n"
        f"__import__('os').system('echo {label} system >> {marker}')\n"
        f"exec(\"open({str(marker)!r}, 'a').write('{label} exec\\\\n')\")\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    marker = tmp_path / "MARKER"
    root = tmp_path / "project"
    package = root / "pkg"
    write(package / "__init__.py", _marking(marker, "__init__"))
    write(root / "conftest.py", _marking(marker, "conftest"))
    write(root / "setup.py", _marking(marker, "setup"))
    write(root / "sitecustomize.py", _marking(marker, "sitecustomize"))
    # The tool module itself: a finding to fix, and code that runs on import.
    write(package / "tools.py", _marking(marker, "tools") + NAIVE)
    return root


def _run(args: list[str], cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, check=False, cwd=cwd, input=stdin, capture_output=True, timeout=120)


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "check": lambda root: [str(TOOLCFG_SCRIPT), "check", "."],
    "check --no-cache": lambda root: [str(TOOLCFG_SCRIPT), "check", "--no-cache", "."],
    "json": lambda root: [str(TOOLCFG_SCRIPT), "check", "--output-format", "json", "."],
    "sarif": lambda root: [str(TOOLCFG_SCRIPT), "check", "--output-format", "sarif", "."],
    "full": lambda root: [str(TOOLCFG_SCRIPT), "check", "--output-format", "full", "."],
    "diff": lambda root: [str(TOOLCFG_SCRIPT), "check", "--diff", "."],
    "fix": lambda root: [str(TOOLCFG_SCRIPT), "check", "--fix", "--unsafe-fixes", "."],
    "python -m": lambda root: [sys.executable, "-m", "toolcfg", "check", "--fix", "pkg"],
    "libcst codemod": lambda root: [
        sys.executable,
        "-m",
        "libcst.tool",
        "codemod",
        "-x",
        "toolcfg.codemods.forward_config.ForwardConfigCommand",
        "--no-format",
        "pkg",
    ],
}


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_no_command_imports_or_runs_the_checked_code(
    project: Path, command: Callable[[Path], list[str]]
) -> None:
    result = _run(command(project), cwd=project)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert not (project.parent / "MARKER").exists(), (project.parent / "MARKER").read_text()


def test_stdin_is_not_run_either(project: Path) -> None:
    source = (project / "pkg" / "tools.py").read_bytes()
    result = _run(
        [str(TOOLCFG_SCRIPT), "check", "--fix", "-", "--stdin-filename", "tools.py"],
        project,
        source,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"config=patch_config(config, callbacks=callbacks)" in result.stdout
    assert not (project.parent / "MARKER").exists()


# --- a planted cache --------------------------------------------------------------------


class _Payload:
    """Unpickling this runs os.system: what a pickle-based cache would execute."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"echo pickle >> {self.marker}",))


#: The cache's tables, by what they hold.
KINDS = ("analyses", "files", "summaries", "runs")


def _database(root: Path) -> Path:
    return root / ".toolcfg_cache" / __version__ / DATABASE


def _rows(root: Path, query: str) -> list[tuple[Any, ...]]:
    database = sqlite3.connect(_database(root))
    try:
        return database.execute(query).fetchall()
    finally:
        database.close()


def _change(root: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    database = sqlite3.connect(_database(root), isolation_level=None)
    try:
        for statement, parameters in statements:
            database.execute(statement, parameters)
    finally:
        database.close()


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a naive tool, checked once so that every table holds an entry; the
    cwd."""
    root = tmp_path / "project"
    write(root / "naive.py", NAIVE)
    monkeypatch.chdir(root)
    assert invoke("check", ".").exit_code == 1
    counts = [_rows(root, f"SELECT count(*) FROM {kind}")[0][0] for kind in KINDS]
    assert counts == [1] * len(KINDS), counts
    return root


def _malicious_finding(marker: Path) -> dict[str, Any]:
    """A well-formed finding whose fix would write code into the file."""
    code = f"__import__('os').system('echo cached >> {marker}')"
    return {
        "code": "TCF001",
        "message": "planted",
        "start": {"line": 4, "column": 11},
        "end": {"line": 4, "column": 14},
        "fix": {
            "safe": True,
            "edits": [
                {
                    "type": "ForwardConfig",
                    "call": {"line": 6, "column": 25},
                    "value": code,
                    "keyword": "config",
                },
                {"type": "AddImport", "module": "os; " + code, "name": "x"},
                {
                    "type": "AddParameter",
                    "function": {"line": 4, "column": 11},
                    "name": "x=" + code,
                    "annotation": code,
                    "keyword_only": False,
                    "default": None,
                },
            ],
            "helpers": [],
            "elsewhere": [],
        },
    }


#: What the cache's database, or any value in it, may be replaced with.
GARBAGE: dict[str, Callable[[Path], bytes]] = {
    "pickle": lambda marker: pickle.dumps(_Payload(marker)),
    "binary garbage": lambda marker: os.urandom(4096),
    "not UTF-8": lambda marker: b'{"\xff": 1}',
    "json list": lambda marker: b"[]",
    "json string": lambda marker: b'"x"',
    "json null": lambda marker: b"null",
    "deeply nested array": lambda marker: b"[" * 200_000,
    "deeply nested object": lambda marker: b'{"a":' * 200_000,
}

Entry = Any
#: Entries of the wrong shape, by the kind of file they replace the one entry of.
BAD_ENTRIES: dict[str, dict[str, Callable[[Entry, Path], Entry]]] = {
    "files": {
        "entry is a string": lambda entry, marker: "x",
        "entry is a list of two": lambda entry, marker: [1, 2],
        "stamp of the wrong type": lambda entry, marker: ["x", entry[1], entry[2]],
        "hash of the wrong type": lambda entry, marker: [entry[0], 1, entry[2]],
        "verdict of the wrong type": lambda entry, marker: [entry[0], entry[1], "yes"],
    },
    "summaries": {
        "summary is a string": lambda entry, marker: "x",
        "summary without its lists": lambda entry, marker: {**entry, "functions": "x"},
        "function without its fields": lambda entry, marker: {**entry, "functions": [{}]},
        "scope of the wrong type": lambda entry, marker: {**entry, "scopes": [{"bindings": "x"}]},
        "site of the wrong type": lambda entry, marker: {**entry, "sites": [1]},
    },
    "analyses": {
        "entry is a string": lambda entry, marker: "x",
        "entry is a list": lambda entry, marker: [1, 2],
        "findings are a string": lambda entry, marker: {**entry, "findings": "x"},
        "finding is a list": lambda entry, marker: {**entry, "findings": [[1]]},
        "position of the wrong type": lambda entry, marker: {
            **entry,
            "findings": [{**entry["findings"][0], "start": {"line": "4", "column": None}}],
        },
        "position is a list": lambda entry, marker: {
            **entry,
            "findings": [{**entry["findings"][0], "start": [4, 11]}],
        },
        "code is a number": lambda entry, marker: {
            **entry,
            "findings": [{**entry["findings"][0], "code": 1}],
        },
        "unknown edit type": lambda entry, marker: {
            **entry,
            "findings": [
                {**entry["findings"][0], "fix": {"safe": True, "edits": [{"type": "os.system"}]}}
            ],
        },
        "helpers are a list": lambda entry, marker: {**entry, "helpers": [1]},
        "fix whose edits are code": lambda entry, marker: {
            **entry,
            "findings": [_malicious_finding(marker)],
        },
    },
    "runs": {
        "entry is a string": lambda entry, marker: "x",
        "results are a list": lambda entry, marker: {**entry, "results": [1]},
        "finding is a list": lambda entry, marker: {
            **entry,
            "results": {path: [[1]] for path in entry["results"]},
        },
        "code is a number": lambda entry, marker: {
            **entry,
            "results": {
                path: [{**found[0], "code": 1}] for path, found in entry["results"].items()
            },
        },
        "fix whose edits are code": lambda entry, marker: {
            **entry,
            "results": {path: [_malicious_finding(marker)] for path in entry["results"]},
        },
    },
}

#: Well-formed entries for this very content: trusted as results, but their "fixes" are
#: data that --fix never applies, as it analyses the file again.
TRUSTED = {("analyses", "fix whose edits are code"), ("runs", "fix whose edits are code")}

PLANTS = [(kind, name) for kind in KINDS for name in GARBAGE] + [
    (kind, name) for kind, entries in BAD_ENTRIES.items() for name in entries
]


def _plant(root: Path, kind: str, name: str, marker: Path) -> None:
    """Replace the value in the table ``kind`` with the plant ``name``: garbage as text
    where it decodes, else as a blob. Unless the plant is in ``runs``, the run recorded goes:
    it would be reused without reading the rest."""
    [(value,)] = _rows(root, f"SELECT value FROM {kind}")
    planted: Any
    if name in GARBAGE:
        planted = GARBAGE[name](marker)
        with contextlib.suppress(UnicodeDecodeError):
            planted = planted.decode("utf-8")
    else:
        planted = json.dumps(BAD_ENTRIES[kind][name](json.loads(value), marker))
    statements = [(f"UPDATE {kind} SET value = ?", (planted,))]
    if kind != "runs":
        statements.append(("DELETE FROM runs", ()))
    _change(root, *statements)


@pytest.mark.parametrize("kind, name", PLANTS, ids=[f"{kind}: {name}" for kind, name in PLANTS])
def test_planted_cache_is_ignored_and_runs_nothing(
    cached: Path, tmp_path: Path, kind: str, name: str
) -> None:
    marker = tmp_path / "MARKER"
    _plant(cached, kind, name, marker)

    # In-process: whatever the cache made toolcfg run would run in this very process.
    checked = invoke("check", ".")
    if (kind, name) in TRUSTED:
        assert checked.exit_code == 1 and "TCF001 [*] planted" in checked.stdout, checked.stdout
    else:
        assert (checked.exit_code, checked.stderr) == (1, ""), checked.stderr
        assert lines(checked.stdout) == [
            f"naive.py:4:11: {NAIVE_MESSAGE}",
            "Found 1 problem (1 fixable with --fix).",
        ]

    fixed = invoke("check", "--fix", ".")
    assert (fixed.exit_code, fixed.stderr) == (0, "")
    assert (cached / "naive.py").read_text() == FIXED
    assert not marker.exists(), marker.read_text()


def _checks_as_if_uncached(root: Path) -> None:
    """The cache as planted gives the result of no cache, and a save leaves a database
    that is exactly ours, holding this run."""
    checked = invoke("check", ".")
    assert (checked.exit_code, checked.stderr) == (1, ""), checked.stderr
    assert lines(checked.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    assert not _database(root).is_symlink()
    assert _rows(root, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") == [
        (kind,) for kind in sorted((*KINDS, "mentions"))
    ]
    assert _rows(root, "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')") == []
    assert len(_rows(root, "SELECT key FROM runs")) == 1


@pytest.mark.parametrize("name", list(GARBAGE))
def test_planted_file_that_is_no_database_is_replaced(
    cached: Path, tmp_path: Path, name: str
) -> None:
    marker = tmp_path / "MARKER"
    _database(cached).write_bytes(GARBAGE[name](marker))
    _checks_as_if_uncached(cached)
    assert not marker.exists(), marker.read_text()


def _foreign_database(path: Path, *statements: str) -> None:
    database = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            database.execute(statement)
    finally:
        database.close()


#: Databases that are not exactly ours, each for ``_database``'s path: another schema, and
#: ours with what SQLite would run on its own (a trigger), or read instead of a table (a view).
FOREIGN_DATABASES: dict[str, tuple[str, ...]] = {
    "another schema": ("CREATE TABLE runs (key TEXT, value TEXT)",),
    "ours and a trigger": (
        "CREATE TRIGGER planted AFTER INSERT ON runs BEGIN DELETE FROM files; END",
    ),
    "a view for a table": (
        "DROP TABLE summaries",
        "CREATE VIEW summaries (hash, value) AS SELECT hash, value FROM files",
    ),
}


@pytest.mark.parametrize("name", list(FOREIGN_DATABASES))
def test_planted_database_that_is_not_ours_is_replaced(cached: Path, name: str) -> None:
    if name == "another schema":
        _database(cached).unlink()
    _foreign_database(_database(cached), *FOREIGN_DATABASES[name])
    _checks_as_if_uncached(cached)


def test_planted_link_to_a_database_elsewhere_is_not_written_through(
    cached: Path, tmp_path: Path
) -> None:
    """A link to another database (the user's, or a toolcfg cache elsewhere) is replaced,
    and the database it points to is left as it was."""
    outside = tmp_path / "outside.db"
    _database(cached).rename(outside)
    before = outside.read_bytes()
    os.symlink(outside, _database(cached))
    _checks_as_if_uncached(cached)
    assert outside.read_bytes() == before


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_cache_linked_to_a_device_is_not_read(cached: Path) -> None:
    """In a subprocess with 1 GiB of address space, so that a read of /dev/zero fails fast."""
    # Reading /dev/zero never ends: every link, the database's and its companions', must be
    # refused, not read until memory runs out.
    for suffix in ("", "-wal", "-shm", "-journal"):
        cache = Path(f"{_database(cached)}{suffix}")
        cache.unlink(missing_ok=True)
        os.symlink("/dev/zero", cache)
    result = subprocess.run(
        [str(TOOLCFG_SCRIPT), "check", "."],
        check=False,
        cwd=cached,
        capture_output=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 1, result.stderr.decode()
    assert lines(result.stdout.decode())[-1] == "Found 1 problem (1 fixable with --fix)."


def test_cache_gitignore_link_is_not_written_through(tmp_path: Path) -> None:
    # A checkout can carry .toolcfg_cache/.gitignore as a link to a file elsewhere.
    root = tmp_path / "project"
    write(root / "naive.py", NAIVE)
    (root / ".toolcfg_cache").mkdir()
    outside = tmp_path / "outside.txt"
    os.symlink(outside, root / ".toolcfg_cache" / ".gitignore")
    result = _run([str(TOOLCFG_SCRIPT), "check", "."], root)
    assert result.returncode == 1, result.stderr.decode()
    assert not outside.exists()
