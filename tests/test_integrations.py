"""toolcfg as other tools run it, in real subprocesses.

* LibCST's own runner: ``python -m libcst.tool codemod -x ...ForwardConfigCommand`` must
  write exactly what ``toolcfg check --fix`` writes.
* pre-commit: ``pre-commit run`` installs this repository as a hook repository, with pip,
  into its own environment, and runs the ``toolcfg`` and ``toolcfg-fix`` hooks on a
  temporary git repository whose ``.pre-commit-config.yaml`` names it. The hook repository
  is a fresh git repository holding this checkout's files as they are on disk (committed or
  not), so the test needs no network access to the repository itself and works from a
  fresh clone too. pip fetches toolcfg's dependencies from the package index.

  Building that environment is most of the cost, so the hook repository and pre-commit's
  home (``PRE_COMMIT_HOME``, where it keeps environments) are made once per session and
  shared. ``pre-commit try-repo`` cannot share one: it builds in a temporary home each
  time.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import (
    BOTH,
    FIXED,
    NAIVE,
    NAIVE_MESSAGE,
    REPO_ROOT,
    ROUND_TRIP_FILES,
    UNSAFE,
    clean_env,
    committed_copy,
    git,
    readme_block,
    write,
)

from toolcfg import __version__

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
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert codemod.returncode == 0, codemod.stderr
    assert "Failed to codemod 0 files" in codemod.stderr, codemod.stderr
    fix = subprocess.run(
        [sys.executable, "-m", "toolcfg", "check", "--fix", "fix"],
        check=False,
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


@dataclass(frozen=True)
class PreCommit:
    """A hook repository holding this checkout at ``rev``, and the environment to run
    pre-commit in (its home shared by every run)."""

    hook_repo: Path
    rev: str
    env: dict[str, str]

    def git_project(self, project: Path, config: str | None = None) -> None:
        """Make ``project`` a git repository whose pre-commit configuration is ``config``,
        by default one that names both hooks of the hook repository at ``rev``, with every
        file added, as pre-commit needs."""
        write(
            project / ".pre-commit-config.yaml",
            config
            or f"repos:\n  - repo: {self.hook_repo}\n    rev: {self.rev}\n"
            "    hooks:\n      - id: toolcfg\n      - id: toolcfg-fix\n",
        )
        git("init", "-q", cwd=project, env=self.env)
        git("add", "-A", cwd=project, env=self.env)

    def run(self, hook: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return self.pre_commit("run", hook, "--all-files", "--color", "never", cwd=cwd)

    def pre_commit(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args],
            check=False,
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )


@pytest.fixture(scope="session")
def pre_commit(tmp_path_factory: pytest.TempPathFactory) -> PreCommit:
    """One hook repository and one pre-commit home for the whole session: pre-commit
    builds the hook's environment once (the repository's commit does not change), and
    every test that tries the hooks reuses it."""
    _need_git_and_pre_commit()
    directory = tmp_path_factory.mktemp("pre-commit")
    env = clean_env(directory / "home")
    hook_repo = directory / "hook-repo"
    rev = committed_copy(hook_repo, env)
    return PreCommit(hook_repo, rev, env)


@pytest.mark.slow
def test_pre_commit_check_hook_fails_fix_hook_fixes_then_check_passes(
    pre_commit: PreCommit, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    naive = write(project / "agent.py", NAIVE)
    pre_commit.git_project(project)

    check = pre_commit.run("toolcfg", project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "toolcfg....." in check.stdout and "Failed" in check.stdout, check.stdout
    assert f"agent.py:4:11: {NAIVE_MESSAGE}" in check.stdout
    assert naive.read_text() == NAIVE

    fix = pre_commit.run("toolcfg-fix", project)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "files were modified by this hook" in fix.stdout, fix.stdout
    assert naive.read_text() == FIXED

    again = pre_commit.run("toolcfg", project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout, again.stdout


@pytest.mark.slow
def test_pre_commit_hooks_respect_exclude_settings(pre_commit: PreCommit, tmp_path: Path) -> None:
    # pre-commit names every file on the command line, and toolcfg checks a named file
    # even when it is excluded unless --force-exclude is given (as ruff's hooks do).
    project = tmp_path / "project"
    write(project / "pyproject.toml", '[tool.toolcfg]\nextend-exclude = ["legacy/"]\n')
    legacy = write(project / "legacy" / "old.py", NAIVE)
    write(project / "agent.py", FIXED)
    pre_commit.git_project(project)

    check = pre_commit.run("toolcfg", project)
    assert check.returncode == 0, check.stdout + check.stderr
    fix = pre_commit.run("toolcfg-fix", project)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert legacy.read_text() == NAIVE


@pytest.mark.slow
def test_pre_commit_snippet_of_the_readme_runs_the_hook(
    pre_commit: PreCommit, tmp_path: Path
) -> None:
    # The README's snippet as a user fills it in: the repository's URL and a commit.
    snippet = readme_block("yaml", "rev: <commit>")
    url = "https://github.com/<you>/toolcfg"
    assert snippet.count(url) == 2 and snippet.count("<commit>") == 1, snippet
    config = snippet.replace(url, str(pre_commit.hook_repo)).replace("<commit>", pre_commit.rev)
    project = tmp_path / "project"
    write(project / "agent.py", NAIVE)
    pre_commit.git_project(project, config)

    check = pre_commit.run("toolcfg", project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert f"agent.py:4:11: {NAIVE_MESSAGE}" in check.stdout


def test_pre_commit_autoupdate_pins_the_newest_commit_then_the_newest_tag(
    pre_commit: PreCommit, tmp_path: Path
) -> None:
    # What the README says `pre-commit autoupdate` does to `rev`: without tags, the default
    # branch's newest commit; once releases are tagged, the newest tag; with --freeze, the
    # tag's commit. It reads the hook manifest at the new rev, and builds no environment.
    hooks = tmp_path / "hooks"
    git("clone", "-q", str(pre_commit.hook_repo), str(hooks), cwd=tmp_path, env=pre_commit.env)
    git("commit", "-q", "--allow-empty", "-m", "later", cwd=hooks, env=pre_commit.env)
    newest = git("rev-parse", "HEAD", cwd=hooks, env=pre_commit.env)
    project = tmp_path / "project"
    pre_commit.git_project(
        project,
        f"repos:\n  - repo: {hooks}\n    rev: {pre_commit.rev}\n    hooks:\n      - id: toolcfg\n",
    )
    config = project / ".pre-commit-config.yaml"

    def autoupdate(*args: str) -> str:
        done = pre_commit.pre_commit("autoupdate", *args, "--color", "never", cwd=project)
        assert done.returncode == 0, done.stdout + done.stderr
        [rev] = [
            line.split("rev:", 1)[1] for line in config.read_text().splitlines() if "rev:" in line
        ]
        return rev.strip()

    assert autoupdate() == newest
    tag = f"v{__version__}"
    git("tag", tag, cwd=hooks, env=pre_commit.env)
    assert autoupdate() == tag
    assert autoupdate("--freeze") == f"{newest}  # frozen: {tag}"
