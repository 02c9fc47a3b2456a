"""Before/after cases: ``tests/cases/<group>/<name>.py`` and its ``<name>.fixed.py``.

The first line of each case names the findings the analysis must report, in order of
position: ``# expect: TCF001``, ``# expect: TCF002 TCF002``, or ``# expect: nothing``.
``<name>.fixed.py`` is the exact text after ``toolcfg check --fix``; it exists only when
the fix changes something.
"""

from pathlib import Path
from typing import List, Optional

import pytest

from toolcfg.linter.analyze import analyze
from toolcfg.runner import Mode, Options, check_file

CASES_DIR = Path(__file__).parent / "cases"
FIXED_SUFFIX = ".fixed.py"
HEADER = "# expect:"

CASES = sorted(
    path for path in CASES_DIR.rglob("*.py") if not path.name.endswith(FIXED_SUFFIX)
)


def case_id(path: Path) -> str:
    return path.relative_to(CASES_DIR).with_suffix("").as_posix()


cases = pytest.mark.parametrize("case", CASES, ids=[case_id(path) for path in CASES])


def expected_codes(source: bytes) -> List[str]:
    first_line = source.decode("utf-8").splitlines()[0]
    assert first_line.startswith(HEADER), f"the first line must start with {HEADER!r}"
    codes = first_line[len(HEADER):].split()
    return [] if codes == ["nothing"] else codes


def fixed_path(case: Path) -> Path:
    return case.with_name(case.stem + FIXED_SUFFIX)


def expected_fixed(case: Path) -> Optional[bytes]:
    path = fixed_path(case)
    return path.read_bytes() if path.exists() else None


def expected_after_fix(case: Path) -> bytes:
    """The text the fix must give: the ``.fixed.py``, or the case itself when it has none."""
    fixed = expected_fixed(case)
    return case.read_bytes() if fixed is None else fixed


def fix(source: bytes, tmp_path: Path) -> bytes:
    """Run the CLI's fix on a copy of ``source`` and return the file's new text."""
    copy = tmp_path / "case.py"
    copy.write_bytes(source)
    result = check_file(copy, Options(mode=Mode.FIX))
    assert result.error is None, result.error
    return copy.read_bytes()


def codes_of(source: bytes) -> List[str]:
    return [finding.code for finding in analyze(source)]


def test_cases_exist() -> None:
    groups = {path.parent.name for path in CASES}
    assert {"spellings", "signatures", "calls", "constructs", "declarations", "negative"} <= groups
    orphans = [
        path
        for path in CASES_DIR.rglob("*" + FIXED_SUFFIX)
        if not path.with_name(path.name[: -len(FIXED_SUFFIX)] + ".py").exists()
    ]
    assert orphans == []


@cases
def test_reports_expected_codes(case: Path) -> None:
    source = case.read_bytes()
    assert codes_of(source) == expected_codes(source)


@cases
def test_fix_matches_expected(case: Path, tmp_path: Path) -> None:
    assert fix(case.read_bytes(), tmp_path).decode() == expected_after_fix(case).decode()


@cases
def test_fix_is_idempotent(case: Path, tmp_path: Path) -> None:
    fixed = expected_after_fix(case)
    assert fix(fixed, tmp_path).decode() == fixed.decode()


@cases
def test_fixed_output_has_no_fixable_findings(case: Path) -> None:
    fixable = [finding for finding in analyze(expected_after_fix(case)) if finding.fix is not None and finding.fix.safe]
    assert fixable == []


@cases
def test_fixed_output_compiles(case: Path) -> None:
    compile(expected_after_fix(case), str(fixed_path(case)), "exec")
