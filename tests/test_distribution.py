"""How toolcfg reaches users: its version, CHANGELOG.md, the install commands the README
gives, and the GitHub Action, in real subprocesses.

The action (``action.yml``) is a composite action whose steps run
``scripts/github_action.py``. ``Runner`` runs a step as GitHub's runner runs a composite
step: ``${{ inputs.* }}`` and ``${{ github.* }}`` expressions filled in, the step's
``env`` and ``working-directory``, ``GITHUB_ACTION_PATH``, ``GITHUB_WORKSPACE`` and
``RUNNER_TEMP`` set, and ``run`` given to ``bash -eo pipefail``. The action's files come
from a copy of this checkout, as the runner downloads them for ``uses:``. Installing is
most of the cost, so one session fixture installs the action once and the tests of the
run step share it; the tests that install something else pay for their own.

What the README tells users to type is taken from the README itself
(``support.readme_block``), with its placeholders filled in.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import venv
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, Optional

import pytest
import yaml
from support import (
    CLEAN,
    NAIVE,
    NAIVE_MESSAGE,
    NAIVE_TEXT,
    REPO_ROOT,
    clean_env,
    committed_copy,
    copy_checkout,
    git,
    readme_block,
    write,
)

from toolcfg import __version__

URL = "https://github.com/<you>/toolcfg"  # the README's placeholder for the repository
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def naive_annotation(file: Path, shown: str) -> str:
    """The annotation of NAIVE's finding, as ruff writes one: the absolute file, start and
    end (the name `ask`), then the finding as the run names it, and the fix's title."""
    return (
        f"::error title=toolcfg (TCF001),file={file},line=4,col=11,endLine=4,endColumn=14::"
        f"{shown}:4:11: TCF001 {NAIVE_TEXT}%0A  help: Add a config parameter and forward it"
    )


# --- the action, as GitHub's runner runs it -----------------------------------------------


@dataclass(frozen=True)
class Runner:
    """The runner's side of a job: the action's files (``GITHUB_ACTION_PATH``), the
    repository under test (``GITHUB_WORKSPACE``) and ``RUNNER_TEMP``, where the action
    keeps its environment."""

    action_path: Path
    workspace: Path
    temp: Path
    env: Dict[str, str]

    def step(
        self, step_id: str, inputs: Optional[Dict[str, str]] = None
    ) -> subprocess.CompletedProcess[str]:
        """Run action.yml's step ``step_id`` with ``inputs`` (the others at their default)."""
        values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
        assert set(inputs or {}) <= set(values), inputs
        values.update(inputs or {})
        context = {f"inputs.{name}": value for name, value in values.items()}
        context.update(
            {"github.action_path": str(self.action_path), "github.workspace": str(self.workspace)}
        )

        def expand(text: str) -> str:
            return EXPRESSION.sub(lambda match: context[match.group(1)], text)

        [step] = [step for step in ACTION["runs"]["steps"] if step["id"] == step_id]
        assert step["shell"] == "bash", step
        env = {
            **self.env,
            "GITHUB_ACTION_PATH": str(self.action_path),
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(self.temp),
            **{name: expand(value) for name, value in step.get("env", {}).items()},
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"])],
            check=False,
            cwd=self.workspace / expand(step.get("working-directory", ".")),
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    @property
    def python(self) -> Path:
        """The interpreter of the environment the action installs toolcfg in."""
        return self.temp / "toolcfg-action" / "bin" / "python"


def _evaluate(python: Path, expression: str) -> str:
    """Print ``expression`` with ``python``, after ``import toolcfg`` and
    ``import importlib.metadata as metadata``; isolated (``-I``), so that neither the
    working directory nor PYTHONPATH can lend it this checkout's toolcfg."""
    code = f"import importlib.metadata as metadata, toolcfg; print({expression})"
    done = subprocess.run(
        [str(python), "-I", "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout.strip()


def _installed_commit(python: Path) -> str:
    """The commit pip installed toolcfg from, as it records it for a VCS URL (PEP 610)."""
    direct_url = _evaluate(python, "metadata.distribution('toolcfg').read_text('direct_url.json')")
    return str(json.loads(direct_url)["vcs_info"]["commit_id"])


def _runner(directory: Path, action_path: Path) -> Runner:
    """A runner with an empty workspace, whose ``python3`` is the interpreter running the
    tests."""
    env = clean_env(directory / "pre-commit-home")
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    for name in ("workspace", "runner-temp"):
        (directory / name).mkdir(parents=True)
    return Runner(action_path, directory / "workspace", directory / "runner-temp", env)


@pytest.fixture(scope="session")
def installed_action(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """The action installed once, with its default inputs: from its own files."""
    directory = tmp_path_factory.mktemp("action")
    runner = _runner(directory, copy_checkout(directory / "action"))
    install = runner.step("install")
    assert install.returncode == 0, install.stdout + install.stderr
    assert install.stdout.startswith(f"::group::Install toolcfg from {runner.action_path}\n")
    return runner


@pytest.fixture
def action(installed_action: Runner, tmp_path: Path) -> Runner:
    """The installed action, with an empty workspace of the test's own."""
    return replace(installed_action, workspace=tmp_path)


def _annotations(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::error")]


def test_action_inputs_and_steps() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {name: spec["default"] for name, spec in ACTION["inputs"].items()} == {
        "args": "check --output-format github",
        "src": ".",
        "version": "",
        "working-directory": ".",
    }
    for step in ACTION["runs"]["steps"]:
        assert f'scripts/github_action.py" {step["id"]}' in step["run"], step


@pytest.mark.slow
def test_action_installs_its_own_files_at_the_package_version(action: Runner) -> None:
    # pyproject.toml reads the version from toolcfg/__init__.py: the wheel built from the
    # action's files carries it, and `toolcfg --version` prints it.
    assert _evaluate(action.python, "metadata.version('toolcfg')") == __version__
    assert _evaluate(action.python, "toolcfg.__file__").startswith(str(action.temp))
    version = action.step("run", {"args": "--version", "src": ""})
    assert (version.returncode, version.stdout) == (0, f"toolcfg, version {__version__}\n")


@pytest.mark.slow
def test_action_annotates_each_finding_at_its_file(action: Runner) -> None:
    write(action.workspace / "agent.py", NAIVE)
    write(action.workspace / "clean.py", CLEAN)

    done = action.step("run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines() == [naive_annotation(action.workspace / "agent.py", "agent.py")]
    assert done.stderr == ""


@pytest.mark.slow
def test_action_in_a_working_directory_annotates_files_from_the_repository(
    action: Runner,
) -> None:
    # The project is in backend/, with its settings file named in args (relative to the
    # working directory). toolcfg names the file by an absolute path, which the runner
    # makes relative to the workspace: backend/agent.py, where the annotation belongs.
    backend = action.workspace / "backend"
    write(backend / "agent.py", NAIVE)
    write(backend / "legacy" / "old.py", NAIVE)
    write(backend / "toolcfg.toml", 'extend-exclude = ["legacy/"]\n')
    write(action.workspace / "outside.py", NAIVE)

    done = action.step(
        "run",
        {
            "working-directory": "backend",
            "args": "check --output-format github --config toolcfg.toml",
        },
    )
    assert done.returncode == 1, done.stdout + done.stderr
    [annotation] = _annotations(done.stdout)
    agent = backend / "agent.py"
    assert annotation == naive_annotation(agent, str(agent))
    assert (backend / "agent.py").relative_to(action.workspace).as_posix() == "backend/agent.py"


@pytest.mark.slow
def test_action_checks_the_src_paths_with_the_args(action: Runner) -> None:
    # src is split as a shell splits words, and a `..` is resolved, as the runner needs.
    write(action.workspace / "my tools.py", NAIVE)
    write(action.workspace / "sub" / "skipped.py", NAIVE)

    done = action.step(
        "run", {"args": "check --output-format concise", "src": "'sub/../my tools.py'"}
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == f"my tools.py:4:11: {NAIVE_MESSAGE}"
    assert "skipped.py" not in done.stdout


def test_action_run_step_without_install_says_so(tmp_path: Path) -> None:
    runner = _runner(tmp_path, REPO_ROOT)
    done = runner.step("run")
    assert done.returncode == 1
    assert "the action's install step did not run" in done.stderr, done.stderr


@pytest.mark.slow
def test_action_version_installs_the_commit_it_pins(tmp_path: Path) -> None:
    # `version` as a pip requirement: a git URL pinned to a commit that is not the
    # repository's newest. pip records the commit it installed (direct_url.json).
    runner = _runner(tmp_path, REPO_ROOT)
    repository = tmp_path / "toolcfg"
    pinned = committed_copy(repository, runner.env)
    git("commit", "-q", "--allow-empty", "-m", "later", cwd=repository, env=runner.env)

    install = runner.step("install", {"version": f"git+file://{repository}@{pinned}"})
    assert install.returncode == 0, install.stdout + install.stderr
    assert _installed_commit(runner.python) == pinned
    version = runner.step("run", {"args": "--version", "src": ""})
    assert version.stdout == f"toolcfg, version {__version__}\n"


@pytest.mark.slow
def test_action_reports_a_version_pip_cannot_install(tmp_path: Path) -> None:
    runner = _runner(tmp_path, REPO_ROOT)
    missing = f"file://{tmp_path}/no-such-toolcfg"
    install = runner.step("install", {"version": missing})
    assert install.returncode != 0
    assert f"::error title=toolcfg::pip could not install {missing}" in install.stdout


# --- the README ------------------------------------------------------------------------------


@pytest.mark.slow
def test_readme_install_from_a_git_url_pins_the_newest_commit(tmp_path: Path) -> None:
    # The README's lines, run as written in a fresh virtual environment, with the
    # placeholder URL replaced by a repository whose newest commit is not its first.
    env = clean_env(tmp_path / "pre-commit-home")
    repository = tmp_path / "toolcfg"
    committed_copy(repository, env)
    git("commit", "-q", "--allow-empty", "-m", "later", cwd=repository, env=env)
    newest = git("rev-parse", "HEAD", cwd=repository, env=env)
    block = readme_block("sh", "git ls-remote")
    assert block.count(URL) == 1, block
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    env["PATH"] = f"{environment / 'bin'}:{env['PATH']}"

    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", block.replace(URL, f"file://{repository}")],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == newest
    assert _installed_commit(environment / "bin" / "python") == newest


def test_readme_action_inputs_are_the_actions() -> None:
    workflow = yaml.safe_load(readme_block("yaml", "uses: <you>/toolcfg@<commit>"))
    [step] = [step for step in workflow["jobs"]["toolcfg"]["steps"] if "toolcfg" in step["uses"]]
    assert set(step["with"]) <= set(ACTION["inputs"])
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| input | default | meaning |") :].split("\n\n")[0]
    rows = [line.split(" | ")[:2] for line in table.splitlines()[2:]]
    documented = {name.strip("| `"): default.strip("`") for name, default in rows}
    defaults = {
        name: spec["default"] or "the action's own commit"
        for name, spec in ACTION["inputs"].items()
    }
    assert documented == defaults


def test_readme_sarif_recipe_writes_the_sarif_it_uploads(tmp_path: Path) -> None:
    # The recipe's toolcfg step, run from the repository's root with the toolcfg these
    # tests run: it succeeds with a finding, and writes the file the upload step names.
    workflow = yaml.safe_load(readme_block("yaml", "upload-sarif"))
    steps = workflow["jobs"]["toolcfg-sarif"]["steps"]
    [command] = [step["run"] for step in steps if step.get("run", "").startswith("toolcfg ")]
    [upload] = [step for step in steps if "upload-sarif" in step.get("uses", "")]
    write(tmp_path / "agent.py", NAIVE)
    env = clean_env(tmp_path / "pre-commit-home")
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"

    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [run] = json.loads((tmp_path / upload["with"]["sarif_file"]).read_text())["runs"]
    [result] = run["results"]
    assert result["ruleId"] == "TCF001"
    # An absolute file URI, as ruff's, which code scanning makes relative to the checkout.
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == (tmp_path / "agent.py").as_uri()


# --- the version and the changelog --------------------------------------------------------


def test_version_is_written_in_one_place() -> None:
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = { attr = "toolcfg.__version__" }' in pyproject
    holding = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in (REPO_ROOT / "toolcfg").rglob("*.py")
        if f'"{__version__}"' in path.read_text(encoding="utf-8")
    ]
    assert holding == ["toolcfg/__init__.py"]


def test_changelog_keeps_a_changelog_and_its_newest_release_is_this_version() -> None:
    text = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    releases = re.findall(r"^## \[(.+?)\] - (\d{4}-\d\d-\d\d|Unreleased)$", text, re.MULTILINE)
    assert len(releases) == len(re.findall(r"^## ", text, re.MULTILINE)), "a malformed heading"
    assert releases[0][0] == __version__
    numbers = [tuple(int(part) for part in version.split(".")) for version, _ in releases]
    assert numbers == sorted(numbers, reverse=True)
    kinds = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    for section in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        kind, _, body = section.partition("\n")
        assert kind in kinds, kind
        assert re.search(r"^- \S", body, re.MULTILINE), kind
