"""The environments of the runtime matrix: which Python and packages, and their venvs.

- ``py310-core03``: Python 3.10, langchain-core 0.3.x, langgraph 0.6.x;
- ``py310-newest``: Python 3.10, the newest langchain-core < 2, langgraph < 2
  and langchain < 2 that install there;
- ``current``: the interpreter running pytest, with its own packages.

The Python 3.10 environments are venvs built once and cached outside the
repository, in ``$TOOLCFG_E2E_CACHE`` (default ``~/.cache/toolcfg-e2e``), one
directory per environment and hash of its interpreter version and requirements.
Delete that directory to rebuild them with newer releases. The tests of an
environment are skipped when no Python 3.10 is found (set
``TOOLCFG_E2E_PYTHON310`` to point at one).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = "toolcfg-e2e-complete.json"  # written last into a finished venv
#: What ``Env.provides`` and ``Example.needs`` name: LangChain v1 (``create_agent``).
LANGCHAIN = frozenset({"langchain"})
#: Source that only Python 3.10+ evaluates (``X | None`` without future annotations).
PY310 = frozenset({"python>=3.10"})
LANGCHAIN_V1 = "langchain>=1,<2"


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


@dataclass(frozen=True)
class Env:
    name: str
    requirements: tuple[str, ...]  # empty: the interpreter running pytest, as it is
    core_range: tuple[str, str] = ("0", "999")  # langchain-core it must get: [low, high)
    langgraph_range: tuple[str, str] = ("0", "999")
    provides: frozenset[str] = frozenset()  # what Example.needs it can satisfy

    def has(self, needs: frozenset[str]) -> bool:
        return needs <= self.provides


ENVS = [
    Env(
        "py310-core03",
        ("langchain-core>=0.3,<0.4", "langgraph>=0.6,<0.7"),
        core_range=("0.3", "0.4"),
        langgraph_range=("0.6", "0.7"),
        provides=PY310,
    ),
    Env(
        "py310-newest",
        ("langchain-core<2", "langgraph<2", LANGCHAIN_V1),
        core_range=("1.4.8", "2"),
        langgraph_range=("1", "2"),
        provides=LANGCHAIN | PY310,
    ),
    # The test extras install langchain 1.x where it installs: Python >= 3.10.
    Env("current", (), provides=LANGCHAIN | PY310 if sys.version_info >= (3, 10) else frozenset()),
]


def python_version_of(executable: str) -> str | None:
    """The version of an interpreter that really runs, else None (pyenv shims fail)."""
    try:
        result = subprocess.run(
            [executable, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def find_python310() -> tuple[str | None, str]:
    """An interpreter for Python 3.10 and its version, or None and where we looked."""
    candidates = []
    if os.environ.get("TOOLCFG_E2E_PYTHON310"):
        candidates.append(os.environ["TOOLCFG_E2E_PYTHON310"])
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, timeout=60, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        root = ""
    if root:
        found = glob.glob(os.path.join(root, "versions", "3.10.*", "bin", "python"))
        candidates.extend(
            sorted(found, key=lambda p: version_tuple(p.split(os.sep)[-3]), reverse=True)
        )
    on_path = shutil.which("python3.10")
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        version = python_version_of(candidate)
        if version and version.startswith("3.10."):
            return candidate, version
    looked = ", ".join(candidates) or "nothing found"
    return None, (
        "no working Python 3.10 (tried $TOOLCFG_E2E_PYTHON310, `pyenv root`/versions/3.10.*, "
        f"python3.10 on PATH: {looked})"
    )


def cache_root() -> Path:
    return Path(os.environ.get("TOOLCFG_E2E_CACHE") or Path.home() / ".cache" / "toolcfg-e2e")


def run_checked(cmd: list[str], what: str, timeout: float) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"{what} failed (exit {result.returncode}): {' '.join(map(str, cmd))}\n"
            f"stdout:\n{result.stdout[-5000:]}\nstderr:\n{result.stderr[-5000:]}"
        )
    return result.stdout


def cached_venv(env: Env, base_python: str, base_version: str, root: Path | None = None) -> str:
    """The Python of ``env``'s venv, built into the cache (or ``root``) unless a finished
    one is there."""
    key = json.dumps({"python": base_version, "requirements": env.requirements})
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    root = root or cache_root()
    root.mkdir(parents=True, exist_ok=True)
    directory = root / f"{env.name}-{digest}"
    python = str(directory / "bin" / "python")
    with open(root / f"{directory.name}.lock", "w") as lock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            pass
        else:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, across processes
        if (directory / MARKER).is_file():
            return python
        shutil.rmtree(directory, ignore_errors=True)  # an unfinished build
        run_checked([base_python, "-m", "venv", str(directory)], "creating a venv", 300)
        run_checked(
            [
                python,
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                "--no-compile",
                *env.requirements,
            ],
            f"installing {env.name}",
            900,
        )
        freeze = run_checked([python, "-m", "pip", "freeze"], "pip freeze", 120)
        (directory / MARKER).write_text(
            json.dumps(
                {
                    "python": base_version,
                    "requirements": env.requirements,
                    "freeze": freeze.splitlines(),
                },
                indent=1,
            )
        )
    return python


def build_all() -> int:
    """Build the venv of every environment that has requirements, into the cache.

    ``.ci/run`` starts this first, in the background: the builds wait mostly on the
    network, and the tests then find the venvs finished (the lock makes a test that gets
    there first wait for the build rather than start another).
    """
    base, version_or_reason = find_python310()
    if base is None:
        print(f"runtime matrix: {version_or_reason}; its tests will skip", file=sys.stderr)
        return 0
    for env in ENVS:
        if env.requirements:
            cached_venv(env, base, version_or_reason)
    return 0


if __name__ == "__main__":
    sys.exit(build_all())
