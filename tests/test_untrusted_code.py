"""toolcfg reads untrusted code and an untrusted cache; it must run neither.

A checked file, or a ``conftest.py``, ``__init__.py`` or ``setup.py`` next to it, that
writes a marker file when imported; and a ``.toolcfg_cache/`` that came with a checkout,
holding a pickle, malformed JSON, fake findings whose "fixes" are code, or links to
devices and files elsewhere. Every command must leave no marker, and a bogus cache must
be ignored, never crash the run or change its result.

The cache is four kinds of JSON file (``toolcfg.cache``): ``files.json`` (stamps, hashes and
the prefilter's verdicts), ``index.json`` (module summaries), ``analyses-*.json`` (findings
by content, plan and settings) and ``runs.json`` (whole runs). Bad data is planted in each.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from support import FIXED, NAIVE, NAIVE_MESSAGE, TOOLCFG_SCRIPT, invoke, lines, write


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


#: The cache's files, by what they hold.
KINDS = ("analyses", "files", "index", "runs")


def _cache_file(root: Path, kind: str) -> Path:
    [path] = (root / ".toolcfg_cache").glob(f"*/{kind}*.json")
    return path


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a naive tool, checked once so that every cache file exists; the cwd."""
    root = tmp_path / "project"
    write(root / "naive.py", NAIVE)
    monkeypatch.chdir(root)
    assert invoke("check", ".").exit_code == 1
    names = sorted(path.name for path in (root / ".toolcfg_cache").glob("*/*.json"))
    assert [name.split("-")[0].split(".")[0] for name in names] == list(KINDS), names
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


#: What any cache file may be replaced with.
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
    "index": {
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
    """Replace the cache file of ``kind`` with the plant ``name``. Unless the plant is in
    ``runs.json``, that file goes: a run it records would be reused without reading the rest."""
    path = _cache_file(root, kind)
    if name in GARBAGE:
        data = GARBAGE[name](marker)
    else:
        [(key, entry)] = [
            (key, entry)
            for key, entry in json.loads(path.read_text()).items()
            if not key.startswith("mentions:")
        ]
        data = json.dumps({key: BAD_ENTRIES[kind][name](entry, marker)}).encode()
    path.write_bytes(data)
    if kind != "runs":
        _cache_file(root, "runs").unlink()


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


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_cache_linked_to_a_device_is_not_read(cached: Path) -> None:
    """In a subprocess with 1 GiB of address space, so that a read of /dev/zero fails fast."""
    # Reading /dev/zero never ends: every link must be refused, not read until memory runs
    # out.
    for kind in KINDS:
        cache = _cache_file(cached, kind)
        cache.unlink()
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
