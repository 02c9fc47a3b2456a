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
from typing import Optional

import pytest

from toolcfg.properties import check_alone
from toolcfg.results import Mode

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(
    path
    for path in CASES_DIR.rglob("*.py")
    if not path.name.endswith(".fixed.py") and path.parent.parent == CASES_DIR
)


def _ruff() -> Optional[str]:
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.exists() else shutil.which("ruff")


RUFF = _ruff()


def case_id(path: Path) -> str:
    return path.relative_to(CASES_DIR).with_suffix("").as_posix()


def format_clean(path: Path) -> bool:
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"
    result = subprocess.run(
        [RUFF, "format", "--check", "--isolated", "--quiet", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


def format_diff(path: Path) -> str:
    assert RUFF is not None
    result = subprocess.run(
        [RUFF, "format", "--diff", "--isolated", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout + result.stderr


def fixed_text(source: bytes) -> bytes:
    """What ``--fix --unsafe-fixes`` writes."""
    result = check_alone(source, Mode.DIFF, unsafe_fixes=True)
    assert result.error is None, result.error
    return result.fixed_source if result.fixed_source is not None else source


def test_ruff_is_installed() -> None:
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_fix_keeps_a_ruff_formatted_case_formatted(case: Path, tmp_path: Path) -> None:
    before = tmp_path / "before" / case.name
    before.parent.mkdir()
    before.write_bytes(case.read_bytes())
    if not format_clean(before):
        pytest.skip("the input is not ruff-formatted")
    after = tmp_path / "after" / case.name
    after.parent.mkdir()
    after.write_bytes(fixed_text(case.read_bytes()))
    assert format_clean(after), format_diff(after)
