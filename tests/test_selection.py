"""Which findings a run reports, and the flags that shape what it prints and how it exits.

``--select`` / ``--ignore`` / ``--extend-select`` with codes and prefixes (the most
specific prefix wins, as in ruff), ``--unsafe-fixes``, ``--exit-zero``, ``--statistics``,
``--show-fixes``, ``--quiet``, ``--version``, and the exit code of every mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from test_cli import (
    CLEAN,
    FIXED,
    FOREIGN_CONFIG,
    FOREIGN_MESSAGE,
    NAIVE,
    NAIVE_MESSAGE,
    SYNTAX_ERROR,
    invoke,
    lines,
    run_unprivileged,
    write,
)
from test_output_formats import UNSAFE, UNSAFE_TEXT

from toolcfg import __version__

NAIVE_LINE = f"naive.py:4:11: {NAIVE_MESSAGE}"
FOREIGN_LINE = f"foreign.py:7:25: {FOREIGN_MESSAGE}"
UNSAFE_LINE = f"unsafe.py:8:36: TCF101 {UNSAFE_TEXT} (unsafe fix available)"

UNSAFE_FIXED = UNSAFE.replace(
    "k: int = 3, config: Optional[RunnableConfig] = None", "k: int = 3, *, config: RunnableConfig"
)


@pytest.fixture
def mixed(workdir: Path) -> Path:
    """TCF001 (safe fix), TCF002 (no fix) and TCF101 (unsafe fix), one file each."""
    write(workdir / "naive.py", NAIVE)
    write(workdir / "foreign.py", FOREIGN_CONFIG)
    write(workdir / "unsafe.py", UNSAFE)
    return workdir


def reported(*args: str) -> List[str]:
    """The finding lines of ``check``, without the summary."""
    result = invoke("check", *args)
    assert result.stderr == ""
    return lines(result.stdout)[:-1]


# --- --select, --ignore, --extend-select -------------------------------------------------


def test_default_selection_reports_tcf0_and_tcf1(mixed: Path) -> None:
    assert reported(".") == [FOREIGN_LINE, NAIVE_LINE, UNSAFE_LINE]


def test_select_code_reports_only_that_code(mixed: Path) -> None:
    assert reported("--select", "TCF002", ".") == [FOREIGN_LINE]


def test_select_several_codes_comma_separated(mixed: Path) -> None:
    assert reported("--select", "TCF002,TCF101", ".") == [FOREIGN_LINE, UNSAFE_LINE]


@pytest.mark.parametrize("prefix", ["TCF0", "TCF00"])
def test_select_prefix_reports_codes_under_it(mixed: Path, prefix: str) -> None:
    assert reported("--select", prefix, ".") == [FOREIGN_LINE, NAIVE_LINE]


def test_select_replaces_the_default_selection(mixed: Path) -> None:
    assert reported("--select", "TCF1", ".") == [UNSAFE_LINE]


def test_ignore_code(mixed: Path) -> None:
    assert reported("--ignore", "TCF001", ".") == [FOREIGN_LINE, UNSAFE_LINE]


@pytest.mark.parametrize("prefix", ["TCF0", "TCF00"])
def test_ignore_prefix(mixed: Path, prefix: str) -> None:
    assert reported("--ignore", prefix, ".") == [UNSAFE_LINE]


def test_extend_select_adds_to_select(mixed: Path) -> None:
    assert reported("--select", "TCF002", "--extend-select", "TCF001", ".") == [
        FOREIGN_LINE,
        NAIVE_LINE,
    ]


def test_more_specific_ignore_beats_broader_select(mixed: Path) -> None:
    assert reported("--select", "TCF0", "--ignore", "TCF001", ".") == [FOREIGN_LINE]


def test_more_specific_select_beats_broader_ignore(mixed: Path) -> None:
    assert reported("--select", "TCF00", "--ignore", "TCF0", ".") == [FOREIGN_LINE, NAIVE_LINE]


def test_more_specific_extend_select_beats_broader_ignore(mixed: Path) -> None:
    assert reported("--ignore", "TCF0", "--extend-select", "TCF002", ".") == [
        FOREIGN_LINE,
        UNSAFE_LINE,
    ]


def test_ignore_wins_when_select_names_the_same_prefix(mixed: Path) -> None:
    result = invoke("check", "--select", "TCF00", "--ignore", "TCF00", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


# --- --unsafe-fixes ----------------------------------------------------------------------


def test_unsafe_fix_is_reported_and_counted_but_not_offered(workdir: Path) -> None:
    write(workdir / "unsafe.py", UNSAFE)
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        UNSAFE_LINE,
        "Found 1 problem (0 fixable with --fix, 1 more with --unsafe-fixes).",
    ]


def test_fix_without_unsafe_fixes_leaves_unsafe_fix_unapplied(workdir: Path) -> None:
    path = write(workdir / "unsafe.py", UNSAFE)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        UNSAFE_LINE,
        "Found 1 problem (0 fixed, 1 remaining, 1 more with --unsafe-fixes).",
    ]
    assert path.read_text() == UNSAFE


def test_unsafe_fixes_flag_counts_the_fix_as_fixable(workdir: Path) -> None:
    write(workdir / "unsafe.py", UNSAFE)
    result = invoke("check", "--unsafe-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"unsafe.py:8:36: TCF101 {UNSAFE_TEXT}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_fix_with_unsafe_fixes_applies_unsafe_fix(workdir: Path) -> None:
    path = write(workdir / "unsafe.py", UNSAFE)
    result = invoke("check", "--fix", "--unsafe-fixes", ".")
    assert result.exit_code == 0
    assert lines(result.stdout) == ["Found 1 problem (1 fixed, 0 remaining)."]
    assert path.read_text() == UNSAFE_FIXED


# --- --exit-zero -------------------------------------------------------------------------


def test_exit_zero_exits_0_with_findings(mixed: Path) -> None:
    result = invoke("check", "--exit-zero", ".")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        FOREIGN_LINE,
        NAIVE_LINE,
        UNSAFE_LINE,
        "Found 3 problems (1 fixable with --fix, 1 more with --unsafe-fixes).",
    ]


def test_exit_zero_still_exits_2_on_unreadable_file(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    secret = write(tmp_path / "secret.py", NAIVE)
    secret.chmod(0)
    try:
        result = run_unprivileged("check", "--exit-zero", ".", cwd=tmp_path)
    finally:
        secret.chmod(0o644)
    assert result.returncode == 2
    assert "secret.py" in result.stderr
    assert lines(result.stdout) == [NAIVE_LINE, "Found 1 problem (1 fixable with --fix)."]


# --- --statistics, --show-fixes, --quiet, --version --------------------------------------


def test_statistics_prints_count_per_code(mixed: Path) -> None:
    write(mixed / "naive2.py", NAIVE)
    result = invoke("check", "--statistics", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "    2\tTCF001\t[*] tool-missing-config",
        "    1\tTCF002\t    tool-config-not-forwarded",
        "    1\tTCF101\t    tool-config-not-injectable",
        "Found 4 problems (2 fixable with --fix, 1 more with --unsafe-fixes).",
    ]


def test_statistics_marks_unsafe_fixes_fixable_with_unsafe_fixes(mixed: Path) -> None:
    result = invoke("check", "--statistics", "--unsafe-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout)[:3] == [
        "    1\tTCF001\t[*] tool-missing-config",
        "    1\tTCF002\t    tool-config-not-forwarded",
        "    1\tTCF101\t[*] tool-config-not-injectable",
    ]


def test_show_fixes_lists_what_fix_fixed(mixed: Path) -> None:
    write(mixed / "naive2.py", NAIVE)
    result = invoke("check", "--fix", "--show-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        FOREIGN_LINE,
        UNSAFE_LINE,
        "Fixed 2 problems:",
        "- naive.py:",
        "    1 × TCF001 (tool-missing-config)",
        "- naive2.py:",
        "    1 × TCF001 (tool-missing-config)",
        "Found 4 problems (2 fixed, 2 remaining, 1 more with --unsafe-fixes).",
    ]
    assert (mixed / "naive.py").read_text() == FIXED


def test_show_fixes_lists_nothing_when_nothing_was_fixed(workdir: Path) -> None:
    write(workdir / "foreign.py", FOREIGN_CONFIG)
    result = invoke("check", "--fix", "--show-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [FOREIGN_LINE, "Found 1 problem (0 fixed, 1 remaining)."]


def test_quiet_prints_findings_only(mixed: Path) -> None:
    result = invoke("check", "--quiet", ".")
    assert (result.exit_code, result.stderr) == (1, "")
    assert lines(result.stdout) == [FOREIGN_LINE, NAIVE_LINE, UNSAFE_LINE]


def test_quiet_prints_nothing_when_clean(workdir: Path) -> None:
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", "-q", ".")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_quiet_fix_prints_only_remaining_findings(mixed: Path) -> None:
    result = invoke("check", "--fix", "--quiet", "--show-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [FOREIGN_LINE, UNSAFE_LINE]


def test_version_works_even_with_a_broken_config(workdir: Path) -> None:
    write(workdir / "pyproject.toml", "[tool.toolcfg\n")
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"toolcfg, version {__version__}\n")


# --- exit codes in every mode ------------------------------------------------------------

CONTENTS = {
    "clean": [CLEAN],
    "fixable": [NAIVE],
    "unfixable": [FOREIGN_CONFIG],
    "fixable+unfixable": [NAIVE, FOREIGN_CONFIG],
    "unsafe only": [UNSAFE],
}

# mode -> content -> exit code
EXIT_CODES = {
    "check": {"clean": 0, "fixable": 1, "unfixable": 1, "fixable+unfixable": 1, "unsafe only": 1},
    "--fix": {"clean": 0, "fixable": 0, "unfixable": 1, "fixable+unfixable": 1, "unsafe only": 1},
    "--diff": {"clean": 0, "fixable": 1, "unfixable": 1, "fixable+unfixable": 1, "unsafe only": 1},
}


@pytest.mark.parametrize("content", list(CONTENTS))
@pytest.mark.parametrize("mode", list(EXIT_CODES))
def test_exit_code(workdir: Path, mode: str, content: str) -> None:
    for number, source in enumerate(CONTENTS[content]):
        write(workdir / f"file{number}.py", source)
    flags = [] if mode == "check" else [mode]
    result = invoke("check", *flags, ".")
    assert result.exit_code == EXIT_CODES[mode][content], result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("content", list(CONTENTS))
@pytest.mark.parametrize("mode", list(EXIT_CODES))
def test_exit_zero_exit_code(workdir: Path, mode: str, content: str) -> None:
    for number, source in enumerate(CONTENTS[content]):
        write(workdir / f"file{number}.py", source)
    flags = [] if mode == "check" else [mode]
    assert invoke("check", "--exit-zero", *flags, ".").exit_code == 0


@pytest.mark.parametrize("exit_zero", [False, True], ids=["", "exit-zero"])
@pytest.mark.parametrize("mode", list(EXIT_CODES))
def test_exit_code_is_2_when_a_file_cannot_be_parsed(
    workdir: Path, mode: str, exit_zero: bool
) -> None:
    write(workdir / "naive.py", NAIVE)
    write(workdir / "broken.py", SYNTAX_ERROR)
    flags = ([] if mode == "check" else [mode]) + (["--exit-zero"] if exit_zero else [])
    result = invoke("check", *flags, ".")
    assert result.exit_code == 2
    assert "broken.py" in result.stderr


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_unknown_code_on_the_command_line_exits_2(workdir: Path, option: str) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", option, "E501", ".")
    assert result.exit_code == 2
    assert "'E501' is not a toolcfg code or prefix" in result.stderr
