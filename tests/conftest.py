"""Shared fixtures and the ``slow`` marker. Shared samples and helpers are in ``support.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support import NAIVE, UNFIXABLE, UNSAFE, write

# The cases are projects toolcfg checks, some with tests of their own; they are data here.
collect_ignore = ["cases", "server_with_a_bug.py"]
if sys.version_info < (3, 10):
    # pytest-lsp 1.x, the client for pygls 2, needs Python 3.10; on 3.9 the server is
    # driven over raw stdio by test_server_stdio.py.
    collect_ignore.append("test_server.py")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite the findings pinned beside each case (tests/cases/**/*.findings)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: runs real subprocesses that install or walk a whole project "
        "(runs by default; deselect with -m 'not slow')",
    )
    config.addinivalue_line(
        "markers",
        "neovim: drives a real Neovim (`apt-get install -y neovim`); left out of a plain "
        "`pytest` (pyproject's addopts), run with `pytest -m neovim` as CI does",
    )


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty temporary directory that is also the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def mixed(workdir: Path) -> Path:
    """TCF001 (safe fix), TCF002 (no fix) and TCF101 (unsafe fix), one file each."""
    write(workdir / "naive.py", NAIVE)
    write(workdir / "unfixable.py", UNFIXABLE)
    write(workdir / "unsafe.py", UNSAFE)
    return workdir
