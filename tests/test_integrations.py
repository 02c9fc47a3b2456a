"""toolcfg as other tools run it, in real subprocesses.

* LibCST's own runner: ``python -m libcst.tool codemod -x ...ForwardConfigCommand`` must
  write exactly what ``toolcfg check --fix`` writes.
* pre-commit: ``pre-commit try-repo`` installs this repository as a hook repository, with
  pip, into its own environment, and runs the ``toolcfg`` and ``toolcfg-fix`` hooks on a
  temporary git repository. The hook repository is a fresh git repository holding this
  checkout's files as they are on disk (committed or not), so the test needs no network
  access to the repository itself and works from a fresh clone too. pip fetches toolcfg's
  dependencies from the package index.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
from test_cli import FIXED, NAIVE, NAIVE_MESSAGE, write
from test_output_formats import ROUND_TRIP_FILES, UNSAFE
from test_settings import BOTH

REPO_ROOT = Path(__file__).resolve().parents[1]

CODEMOD_FILES = {
    **ROUND_TRIP_FILES,
    "naive": NAIVE,
    "both": BOTH,
    "unsafe_only": UNSAFE,  # no safe fix: neither runner changes it
    "silenced": NAIVE.replace("-> str:", "-> str:  # noqa: TCF001"),
    "crlf": NAIVE.replace("\n", "\r\n"),
}


# --- LibCST's codemod runner -------------------------------------------------------------


@pytest.mark.slow
def test_libcst_codemod_runner_writes_what_fix_writes(tmp_path: Path) -> None:
    for name, source in CODEMOD_FILES.items():
        write(tmp_path / "codemod" / f"{name}.py", source)
        write(tmp_path / "fix" / f"{name}.py", source)

    codemod = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "-x",
            "toolcfg.codemods.forward_config.ForwardConfigCommand",
            "--no-format",
            "codemod",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert codemod.returncode == 0, codemod.stderr
    assert "Failed to codemod 0 files" in codemod.stderr, codemod.stderr
    fix = subprocess.run(
        [sys.executable, "-m", "toolcfg", "check", "--fix", "fix"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert fix.returncode in (0, 1), fix.stderr
    assert fix.stderr == ""

    for name in CODEMOD_FILES:
        by_codemod = (tmp_path / "codemod" / f"{name}.py").read_bytes()
        by_fix = (tmp_path / "fix" / f"{name}.py").read_bytes()
        assert by_codemod == by_fix, name
    assert (tmp_path / "fix" / "naive.py").read_bytes() == FIXED.encode()
    assert (tmp_path / "fix" / "crlf.py").read_bytes() == FIXED.replace("\n", "\r\n").encode()
    for unchanged in ("unsafe_only", "silenced"):
        assert (tmp_path / "fix" / f"{unchanged}.py").read_text() == CODEMOD_FILES[unchanged]


# --- pre-commit --------------------------------------------------------------------------


def test_pre_commit_hooks_manifest_is_valid() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed")
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(REPO_ROOT / ".pre-commit-hooks.yaml"))
    assert [(hook["id"], hook["language"]) for hook in hooks] == [
        ("toolcfg", "python"),
        ("toolcfg-fix", "python"),
    ]
    check, fix = (hook["entry"].split() for hook in hooks)
    assert check[:2] == fix[:2] == ["toolcfg", "check"]
    assert "--fix" not in check and "--fix" in fix


def _need_git_and_pre_commit() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit, or '.[test]')")


def _clean_env(tmp_path: Path) -> Dict[str, str]:
    """No PYTHONPATH (the hook must run the toolcfg pre-commit installed), no GIT_* from an
    enclosing git hook, no colour, and a pre-commit home of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONPATH" and not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_AUTHOR_NAME="toolcfg tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="toolcfg tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )
    return env


def _git(*args: str, cwd: Path, env: Dict[str, str]) -> None:
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _project_files(root: Path) -> List[str]:
    """This checkout's files as on disk: tracked or new, less what .gitignore ignores."""
    try:
        listed = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout.decode()
        names = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: take the tree
        skip = {".git", "__pycache__", ".pytest_cache", ".venv", "venv", "build", "dist"}
        names = [
            str(path.relative_to(root))
            for path in root.rglob("*")
            if path.is_file()
            and not skip.intersection(path.relative_to(root).parts)
            and not any(part.endswith(".egg-info") for part in path.parts)
        ]
    return [name for name in names if (root / name).is_file() or (root / name).is_symlink()]


def _hook_repository(tmp_path: Path, env: Dict[str, str]) -> Path:
    hook_repo = tmp_path / "hook-repo"
    for name in _project_files(REPO_ROOT):
        target = hook_repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target, follow_symlinks=False)
    _git("init", "-q", cwd=hook_repo, env=env)
    _git("add", "-A", cwd=hook_repo, env=env)
    _git("commit", "-q", "-m", "toolcfg under test", cwd=hook_repo, env=env)
    return hook_repo


def _try_repo(
    hook_repo: Path, hook: str, cwd: Path, env: Dict[str, str]
) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            hook,
            "--all-files",
            "--color",
            "never",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
def test_pre_commit_check_hook_fails_fix_hook_fixes_then_check_passes(tmp_path: Path) -> None:
    _need_git_and_pre_commit()
    env = _clean_env(tmp_path)
    hook_repo = _hook_repository(tmp_path, env)
    project = tmp_path / "project"
    naive = write(project / "agent.py", NAIVE)
    _git("init", "-q", cwd=project, env=env)
    _git("add", "agent.py", cwd=project, env=env)

    check = _try_repo(hook_repo, "toolcfg", project, env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "toolcfg....." in check.stdout and "Failed" in check.stdout, check.stdout
    assert f"agent.py:4:11: {NAIVE_MESSAGE}" in check.stdout
    assert naive.read_text() == NAIVE

    fix = _try_repo(hook_repo, "toolcfg-fix", project, env)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "files were modified by this hook" in fix.stdout, fix.stdout
    assert naive.read_text() == FIXED

    again = _try_repo(hook_repo, "toolcfg", project, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout, again.stdout


@pytest.mark.slow
def test_pre_commit_hooks_respect_exclude_settings(tmp_path: Path) -> None:
    # pre-commit names every file on the command line, and toolcfg checks a named file
    # even when it is excluded unless --force-exclude is given (as ruff's hooks do).
    _need_git_and_pre_commit()
    env = _clean_env(tmp_path)
    hook_repo = _hook_repository(tmp_path, env)
    project = tmp_path / "project"
    write(project / "pyproject.toml", '[tool.toolcfg]\nextend-exclude = ["legacy/"]\n')
    legacy = write(project / "legacy" / "old.py", NAIVE)
    write(project / "agent.py", FIXED)
    _git("init", "-q", cwd=project, env=env)
    _git("add", "-A", cwd=project, env=env)

    check = _try_repo(hook_repo, "toolcfg", project, env)
    assert check.returncode == 0, check.stdout + check.stderr
    fix = _try_repo(hook_repo, "toolcfg-fix", project, env)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert legacy.read_text() == NAIVE
