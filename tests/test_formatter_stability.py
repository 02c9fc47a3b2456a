"""A fix keeps a ``ruff format``-clean file clean.

For every before/after case in ``tests/cases/`` whose input ``ruff format --check
--isolated`` accepts, the text ``--fix`` writes must be accepted too.

The fix writes in the file's own layout, and the user's formatter (here ruff, which the
test extras install) lays out a statement the fix made too long; this test holds the
whole pipeline to ruff's output.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest
from properties import check_alone

from toolcfg.results import Mode

CASES_DIR = Path(__file__).parent / "cases"
#: The groups of single-file cases (``tests/cases/projects`` holds directories).
GROUPS = sorted(
    group for group in CASES_DIR.iterdir() if group.is_dir() and any(group.glob("*.py"))
)


def _ruff() -> Optional[str]:
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.exists() else shutil.which("ruff")


RUFF = _ruff()


def unformatted(directory: Path) -> List[str]:
    """The files of ``directory`` that ``ruff format --isolated`` would change: ruff formats
    a copy, which is compared byte for byte (ruff's own report changes between versions)."""
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"
    copy = directory.with_name(directory.name + "-formatted")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(directory, copy)
    result = subprocess.run(
        [RUFF, "format", "--isolated", "--no-cache", "--quiet", "."],
        cwd=copy,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return sorted(
        path.name
        for path in directory.glob("*.py")
        if (copy / path.name).read_bytes() != path.read_bytes()
    )


def format_diff(directory: Path) -> str:
    assert RUFF is not None
    result = subprocess.run(
        [RUFF, "format", "--diff", "--isolated", "--no-cache", "."],
        cwd=directory,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def fixed_text(source: bytes) -> bytes:
    """What ``--fix --unsafe-fixes`` writes."""
    result = check_alone(source, Mode.DIFF, unsafe_fixes=True)
    assert result.error is None, result.error
    return result.fixed_source if result.fixed_source is not None else source


def test_ruff_is_installed() -> None:
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"


@pytest.mark.parametrize("group", GROUPS, ids=[group.name for group in GROUPS])
def test_fix_keeps_the_ruff_formatted_cases_formatted(group: Path, tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    inputs = [case for case in group.glob("*.py") if not case.name.endswith(".fixed.py")]
    for case in inputs:
        (before / case.name).write_bytes(case.read_bytes())
    # Inputs ruff would reformat are not held to it: the fix keeps their layout.
    held = sorted({case.name for case in inputs} - set(unformatted(before)))
    assert held, f"no case in {group.name} is ruff-formatted"
    for name in held:
        (after / name).write_bytes(fixed_text((before / name).read_bytes()))
    assert unformatted(after) == [], format_diff(after)
