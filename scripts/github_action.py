"""What the GitHub Action (``action.yml``) runs: ``install`` puts toolcfg in a virtual
environment of its own, ``run`` runs it on the action's paths.

The logic lives here rather than in ``action.yml`` so that the tests can run it. It uses
the standard library only and runs on Python 3.9+: it starts on the runner's interpreter,
before toolcfg or anything else is installed. The action's inputs arrive as environment
variables, set by ``action.yml``:

* ``TOOLCFG_VERSION``: empty for the action's own checkout (``GITHUB_ACTION_PATH``, the
  commit or tag named in ``uses:``), otherwise a pip requirement, such as
  ``git+https://github.com/<you>/toolcfg@<commit>`` or a path. A bare git ref is not
  enough: the URL of the action's own repository is not known here, since the runner
  leaves ``GITHUB_ACTION_REPOSITORY`` empty in composite actions (actions/runner#2525).
* ``TOOLCFG_ARGS``, ``TOOLCFG_SRC``: toolcfg's arguments, then the paths, each split as a
  POSIX shell splits words.

The environment is a venv under ``RUNNER_TEMP``, which the runner empties after each job:
a venv leaves the job's own Python alone, and a system Python may refuse ``pip install``
anyway (PEP 668). Each ``install`` makes it anew, so what runs is exactly what was asked
for.

``run`` runs in the step's working directory, where toolcfg finds the project's settings
as it does on a developer's machine. GitHub places an annotation's ``file`` relative to
the repository (``GITHUB_WORKSPACE``): toolcfg's ``file`` is absolute, as ruff's, and the
runner turns an absolute path under the workspace into the repository-relative one. The
message names each file as its path was given, so when the working directory is elsewhere
the paths are made absolute, and no message names a file relative to a directory the
reader does not see.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import venv
from pathlib import Path

USAGE = "usage: github_action.py install|run"


def environment() -> Path:
    """Where ``install`` puts toolcfg and ``run`` finds it."""
    runner_temp = os.environ.get("RUNNER_TEMP")
    if not runner_temp:
        raise SystemExit("RUNNER_TEMP is not set: this script is run by toolcfg's action.yml")
    return Path(runner_temp) / "toolcfg-action"


def executable(env: Path, name: str) -> Path:
    """A console script of the environment, on POSIX and Windows runners alike."""
    return env / "Scripts" / f"{name}.exe" if os.name == "nt" else env / "bin" / name


def requirement(version: str, action_path: str) -> str:
    """What pip installs for the ``version`` input."""
    return version.strip() or action_path


def install() -> int:
    action_path = os.environ.get("GITHUB_ACTION_PATH", "")
    wanted = requirement(os.environ.get("TOOLCFG_VERSION", ""), action_path)
    if not wanted:
        raise SystemExit("neither the version input nor GITHUB_ACTION_PATH names a toolcfg")
    env = environment()
    print("::group::Install toolcfg from " + wanted, flush=True)
    venv.EnvBuilder(clear=True, with_pip=True).create(env)
    pip = [str(executable(env, "python")), "-m", "pip", "install"]
    installed = subprocess.run([*pip, "--disable-pip-version-check", wanted], check=False)
    print("::endgroup::", flush=True)
    if installed.returncode != 0:
        print(f"::error title=toolcfg::pip could not install {wanted}", flush=True)
    return installed.returncode


def command(toolcfg: Path, args: str, src: str, cwd: Path, workspace: str) -> list[str]:
    """toolcfg's command line: ``args``, then the ``src`` paths as annotations need them:
    absolute when ``cwd`` is not the workspace (see the module's docstring), and with
    ``a/../b`` collapsed, which the runner does not do."""
    elsewhere = bool(workspace) and cwd.resolve() != Path(workspace).resolve()
    paths = [os.path.normpath(cwd / path if elsewhere else path) for path in shlex.split(src)]
    return [str(toolcfg), *shlex.split(args), *paths]


def run() -> int:
    toolcfg = executable(environment(), "toolcfg")
    if not toolcfg.exists():
        raise SystemExit(f"{toolcfg} is missing: the action's install step did not run")
    argv = command(
        toolcfg,
        os.environ.get("TOOLCFG_ARGS", ""),
        os.environ.get("TOOLCFG_SRC", ""),
        Path.cwd(),
        os.environ.get("GITHUB_WORKSPACE", ""),
    )
    return subprocess.run(argv, check=False).returncode


def main(argv: list[str]) -> int:
    if argv == ["install"]:
        return install()
    if argv == ["run"]:
        return run()
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
