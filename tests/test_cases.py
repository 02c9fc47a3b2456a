"""Before/after cases (``tests/casefiles.py`` says how a case is laid out)."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefiles import (
    all_cases,
    case_id,
    check,
    codes_by_file,
    copy_case,
    expected_after_fix,
    expected_codes,
    read_fixed,
    relative_files,
    snapshot,
    snapshot_path,
)

from toolcfg.results import Mode, applicable

CASES = all_cases()
cases = pytest.mark.parametrize("case", CASES, ids=[case_id(path) for path in CASES])


def test_cases_exist() -> None:
    groups = {path.parent.name for path in CASES}
    assert {
        "spellings",
        "signatures",
        "calls",
        "constructs",
        "declarations",
        "negative",
        "projects",
    } <= groups


@cases
def test_reports_expected_codes(case: Path, tmp_path: Path) -> None:
    copied = copy_case(case, tmp_path)
    found = codes_by_file(check(copied), tmp_path)
    expected = {rel: expected_codes(path) for rel, path in relative_files(case).items()}
    assert {rel: found.get(rel, []) for rel in expected} == expected


@cases
def test_findings_match_snapshot(
    case: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    copied = copy_case(case, tmp_path)
    text = snapshot(check(copied, fix_edits=True), tmp_path)
    pinned = snapshot_path(case)
    if request.config.getoption("--update-snapshots"):
        if text:
            pinned.write_text(text, encoding="utf-8")
        elif pinned.exists():
            pinned.unlink()
    assert (pinned.read_text(encoding="utf-8") if pinned.exists() else "") == text


@cases
def test_fix_matches_expected(case: Path, tmp_path: Path) -> None:
    copied = copy_case(case, tmp_path)
    results = check(copied, Mode.FIX)
    assert [r.error for r in results if r.error] == []
    expected = {
        rel: expected_after_fix(path).decode() for rel, path in relative_files(case).items()
    }
    assert {rel: data.decode() for rel, data in read_fixed(copied, case).items()} == expected


@cases
def test_fix_is_idempotent(case: Path, tmp_path: Path) -> None:
    copied = copy_case(case, tmp_path, fixed=True)
    before = read_fixed(copied, case)
    results = check(copied, Mode.FIX)
    assert [r.error for r in results if r.error] == []
    assert read_fixed(copied, case) == before


@cases
def test_fixed_output_has_no_fixable_findings(case: Path, tmp_path: Path) -> None:
    copied = copy_case(case, tmp_path, fixed=True)
    fixable = [(r.path, f.code) for r in check(copied) for f in r.findings if applicable(f, False)]
    assert fixable == []


@cases
def test_fixed_output_compiles(case: Path) -> None:
    for path in relative_files(case).values():
        compile(expected_after_fix(path), str(path), "exec")
