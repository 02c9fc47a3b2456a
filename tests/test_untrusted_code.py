"""toolcfg reads untrusted code and an untrusted cache; it must run neither.

A checked file, or a ``conftest.py``, ``__init__.py`` or ``setup.py`` next to it, that
writes a marker file when imported; and a ``.toolcfg_cache/`` that came with a checkout,
holding a pickle, malformed JSON, fake findings whose "fixes" are code, or links to
devices and files elsewhere. Every command must leave no marker, and a bogus cache must
be ignored, never crash the run or change its result.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from test_cli import FIXED, NAIVE, NAIVE_MESSAGE, TOOLCFG_SCRIPT, invoke, lines, write


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


def _run(args: List[str], cwd: Path, stdin: bytes = b"") -> "subprocess.CompletedProcess[bytes]":
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, timeout=120)


COMMANDS: Dict[str, Callable[[Path], List[str]]] = {
    "check": lambda root: [str(TOOLCFG_SCRIPT), "check", "."],
    "check --no-cache": lambda root: [str(TOOLCFG_SCRIPT), "check", "--no-cache", "."],
    "json": lambda root: [str(TOOLCFG_SCRIPT), "check", "--output-format", "json", "."],
    "sarif": lambda root: [str(TOOLCFG_SCRIPT), "check", "--output-format", "sarif", "."],
    "full": lambda root: [str(TOOLCFG_SCRIPT), "check", "--output-format", "full", "."],
    "diff": lambda root: [str(TOOLCFG_SCRIPT), "check", "--diff", "."],
    "fix": lambda root: [str(TOOLCFG_SCRIPT), "check", "--fix", "--unsafe-fixes", "."],
    "python -m": lambda root: [sys.executable, "-m", "toolcfg", "check", "--fix", "pkg"],
    "libcst codemod": lambda root: [
        sys.executable, "-m", "libcst.tool", "codemod", "-x",
        "toolcfg.codemods.forward_config.ForwardConfigCommand", "--no-format", "pkg",
    ],
}


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_no_command_imports_or_runs_the_checked_code(project: Path, command: Callable[[Path], List[str]]) -> None:
    result = _run(command(project), cwd=project)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert not (project.parent / "MARKER").exists(), (project.parent / "MARKER").read_text()


def test_stdin_is_not_run_either(project: Path) -> None:
    source = (project / "pkg" / "tools.py").read_bytes()
    result = _run([str(TOOLCFG_SCRIPT), "check", "--fix", "-", "--stdin-filename", "tools.py"], project, source)
    assert result.returncode == 0, result.stderr.decode()
    assert b"config=config" in result.stdout
    assert not (project.parent / "MARKER").exists()


# --- a planted cache --------------------------------------------------------------------


class _Payload:
    """Unpickling this runs os.system: what a pickle-based cache would execute."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"echo pickle >> {self.marker}",))


def _cache_files(root: Path) -> List[Path]:
    return sorted((root / ".toolcfg_cache").glob("*/*.json"))


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a naive tool, checked once so that its cache file exists; the cwd."""
    root = tmp_path / "project"
    write(root / "naive.py", NAIVE)
    monkeypatch.chdir(root)
    assert invoke("check", ".").exit_code == 1
    assert len(_cache_files(root)) == 1
    return root


def _entry(root: Path) -> Dict[str, Any]:
    [cache] = _cache_files(root)
    return json.loads(cache.read_text())


def _malicious_finding(marker: Path) -> Dict[str, Any]:
    code = f"__import__('os').system('echo cached >> {marker}')"
    return {
        "code": "TCF001",
        "message": "planted",
        "start": {"line": 4, "column": 11},
        "end": {"line": 4, "column": 14},
        "fix": {
            "safe": True,
            "edits": [
                {"type": "ForwardConfig", "call": {"line": 6, "column": 25}, "value": code},
                {"type": "AddImport", "module": "os; " + code, "name": "x"},
                {"type": "AddConfigParameter", "function": {"line": 4, "column": 11},
                 "name": "x=" + code, "annotation": code, "keyword_only": False},
            ],
        },
    }


def _plant(root: Path, marker: Path) -> Dict[str, Callable[[], bytes]]:
    entries = _entry(root)
    [(key, entry)] = entries.items()

    def with_entry(new: Any) -> bytes:
        return json.dumps({key: new}).encode()

    return {
        "pickle": lambda: pickle.dumps(_Payload(marker)),
        "binary garbage": lambda: os.urandom(4096),
        "not UTF-8": lambda: b'{"\xff": 1}',
        "json list": lambda: b"[]",
        "json string": lambda: b'"x"',
        "json null": lambda: b"null",
        "deeply nested array": lambda: b"[" * 200_000,
        "deeply nested object": lambda: b'{"a":' * 200_000,
        "entry is a string": lambda: with_entry("x"),
        "entry is a list": lambda: with_entry([1, 2]),
        "hash of the wrong type": lambda: with_entry({**entry, "hash": 1}),
        "findings are a string": lambda: with_entry({**entry, "findings": "x"}),
        "finding is a list": lambda: with_entry({**entry, "findings": [[1]]}),
        "position of the wrong type": lambda: with_entry(
            {**entry, "findings": [{**entry["findings"][0], "start": {"line": "4", "column": None}}]}
        ),
        "position is a list": lambda: with_entry(
            {**entry, "findings": [{**entry["findings"][0], "start": [4, 11]}]}
        ),
        "code is a number": lambda: with_entry({**entry, "findings": [{**entry["findings"][0], "code": 1}]}),
        "error is an object": lambda: with_entry({**entry, "error": {"a": 1}}),
        "unknown edit type": lambda: with_entry(
            {**entry, "findings": [{**entry["findings"][0], "fix": {"safe": True, "edits": [{"type": "os.system"}]}}]}
        ),
        "fix whose edits are code": lambda: with_entry({**entry, "findings": [_malicious_finding(marker)]}),
    }


PLANTS = [
    "pickle", "binary garbage", "not UTF-8", "json list", "json string", "json null",
    "deeply nested array", "deeply nested object", "entry is a string", "entry is a list",
    "hash of the wrong type", "findings are a string", "finding is a list",
    "position of the wrong type", "position is a list", "code is a number",
    "error is an object", "unknown edit type", "fix whose edits are code",
]


@pytest.mark.parametrize("plant", PLANTS)
def test_planted_cache_is_ignored_and_runs_nothing(cached: Path, tmp_path: Path, plant: str) -> None:
    marker = tmp_path / "MARKER"
    [cache] = _cache_files(cached)
    cache.write_bytes(_plant(cached, marker)[plant]())

    # In-process: whatever the cache made toolcfg run would run in this very process.
    checked = invoke("check", ".")
    if plant == "fix whose edits are code":
        # A well-formed entry for this exact content is trusted as a result, but its
        # "fixes" are data: --fix analyses the file again and writes its own fix.
        assert checked.exit_code == 1 and "TCF001 planted" in checked.stdout, checked.stdout
    else:
        assert (checked.exit_code, checked.stderr) == (1, ""), checked.stderr
        assert lines(checked.stdout) == [f"naive.py:4:11: {NAIVE_MESSAGE}", "Found 1 problem (1 fixable with --fix)."]

    fixed = invoke("check", "--fix", ".")
    assert fixed.exit_code == 0, fixed.stderr
    assert (cached / "naive.py").read_text() == FIXED
    assert not marker.exists(), marker.read_text()


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_cache_linked_to_a_device_is_not_read(cached: Path) -> None:
    """In a subprocess with 1 GiB of address space, so that a read of /dev/zero fails fast."""
    # Reading /dev/zero never ends: the link must be refused, not read until memory runs out.
    [cache] = _cache_files(cached)
    cache.unlink()
    os.symlink("/dev/zero", cache)
    result = subprocess.run(
        [str(TOOLCFG_SCRIPT), "check", "."], cwd=cached, capture_output=True, timeout=60,
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
