"""A fix keeps a ``ruff format``-clean file clean.

For every before/after case in ``tests/cases/`` whose input ``ruff format --check
--isolated`` accepts, the text ``--fix`` writes must be accepted too.

The fix writes in the file's own layout and never reformats, so two kinds of case are
known not to stay clean; they are listed below as strict expected failures, so that a
change that makes one pass (or breaks another) shows:

- the inserted ``config: RunnableConfig`` or ``config=config`` pushes a line past ruff's
  88 columns, and ruff would wrap it;
- ``calls/abatch.py``: a call whose one argument sits alone on an indented line without a
  trailing comma gets ``config=config`` on a line of its own, still without a trailing
  comma. Ruff's form for that layout puts both arguments on the one indented line (or,
  when they do not fit, one per line with a trailing comma), and its signature also
  passes 88 columns.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from toolcfg.runner import Mode, Options, check_source
from toolcfg.settings import Settings

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(path for path in CASES_DIR.rglob("*.py") if not path.name.endswith(".fixed.py"))

TOO_LONG = "the fix pushes a line past 88 columns; ruff would wrap it"
HUGGED = (
    "config=config goes on its own line after a lone argument without a trailing comma; "
    "ruff puts both on one line (and the signature passes 88 columns)"
)
KNOWN_UNFORMATTED = {
    "calls/abatch": HUGGED,
    **{
        name: TOO_LONG
        for name in (
            "calls/gather",
            "calls/lambda_call",
            "calls/self_attribute",
            "calls/settings_read_only",
            "calls/structured_output_chain",
            "calls/with_config_nostream",
            "constructs/chain_decorator",
            "constructs/node_future_annotations_type_checking",
            "constructs/node_partial",
            "constructs/node_subagent",
            "constructs/runnable_lambda_async",
            "constructs/tool_coroutine_subagent",
            "signatures/bare_star_keyword_only",
            "signatures/clash_config_parameter",
            "signatures/clash_global_config",
            "signatures/clash_local_config",
            "signatures/defaults_kwargs",
            "spellings/factory_closure",
            "spellings/import_inside_factory",
        )
    },
}


def _ruff() -> Optional[str]:
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.exists() else shutil.which("ruff")


RUFF = _ruff()


def case_id(path: Path) -> str:
    return path.relative_to(CASES_DIR).with_suffix("").as_posix()


def format_clean(path: Path) -> bool:
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"
    result = subprocess.run(
        [RUFF, "format", "--check", "--isolated", "--quiet", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


def format_diff(path: Path) -> str:
    assert RUFF is not None
    result = subprocess.run([RUFF, "format", "--diff", "--isolated", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def fixed_text(source: bytes, path: Path) -> bytes:
    """What ``--fix --unsafe-fixes`` writes."""
    result = check_source(source, path, Options(mode=Mode.DIFF, unsafe_fixes=True), Settings())
    assert result.error is None, result.error
    return result.fixed_source if result.fixed_source is not None else source


def test_ruff_is_installed() -> None:
    assert RUFF is not None, "ruff is a test dependency: pip install -e '.[test]'"


def test_known_unformatted_cases_exist() -> None:
    assert set(KNOWN_UNFORMATTED) <= {case_id(case) for case in CASES}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=KNOWN_UNFORMATTED[case_id(case)]))
        if case_id(case) in KNOWN_UNFORMATTED
        else case
        for case in CASES
    ],
    ids=[case_id(case) for case in CASES],
)
def test_fix_keeps_a_ruff_formatted_case_formatted(case: Path, tmp_path: Path) -> None:
    before = tmp_path / "before" / case.name
    before.parent.mkdir()
    before.write_bytes(case.read_bytes())
    if not format_clean(before):
        pytest.skip("the input is not ruff-formatted")
    after = tmp_path / "after" / case.name
    after.parent.mkdir()
    after.write_bytes(fixed_text(case.read_bytes(), case))
    assert format_clean(after), format_diff(after)
