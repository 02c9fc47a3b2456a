"""A smoke test with a real editor: headless Neovim's built-in LSP client opens a naive
tool, receives TCF001 from ``toolcfg server``, applies the quick fix the server offers and
saves, after which the diagnostic clears and ``toolcfg check`` passes.

It needs ``nvim`` (Debian's ``neovim`` package), so it is marked ``neovim`` and left out
of a plain ``pytest``; ``.ci/run`` installs Neovim and runs ``pytest -m neovim``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_script

pytestmark = pytest.mark.neovim

HERE = Path(__file__).parent
NAIVE = HERE.parent / "examples" / "summarize_naive.py"


def test_neovim_gets_tcf001_and_its_quick_fix(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    assert nvim is not None, "install Neovim (apt-get install -y neovim) to run this test"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "a"\nrequires-python = ">=3.9"\n')
    tool = tmp_path / "tools.py"
    shutil.copy(NAIVE, tool)
    out = tmp_path / "seen.txt"
    env = {
        **os.environ,
        "TOOLCFG_FILE": str(tool),
        "TOOLCFG_ROOT": str(tmp_path),
        "TOOLCFG_PYTHON": sys.executable,
        "TOOLCFG_OUT": str(out),
    }
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {HERE / 'neovim' / 'smoke.lua'}"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    seen = out.read_text().splitlines() if out.exists() else []
    assert done.returncode == 0, (done.stdout, done.stderr, seen)
    assert seen[0] == "diagnostics true", seen
    assert seen[1].startswith("diagnostic 32:11 toolcfg TCF001 Async tool `summarize` takes no"), (
        seen
    )
    assert "action toolcfg (TCF001): Add a config parameter and forward it" in seen
    assert seen[-2:] == ["cleared true", "done"], seen
    assert "config: RunnableConfig, callbacks: Callbacks = None" in tool.read_text()
    assert run_script("check", "--no-cache", str(tool), cwd=tmp_path).returncode == 0
