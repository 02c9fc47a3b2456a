"""``# noqa`` comments, read the way ruff reads them, and the unused ones (TCF901).

TCF901 is opt-in like ruff's RUF100: reported only with ``--extend-select TCF9``. Bare
``# noqa`` and other tools' codes are never reported: they may serve another linter.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import CLEAN, FIXED, NAIVE, NAIVE_LINE, NAIVE_MESSAGE, invoke, lines, write

SIGNATURE = "async def ask(question: str) -> str:"


def with_comment(comment: str) -> str:
    """The naive tool with ``comment`` after its signature, the line TCF001 is reported on."""
    return NAIVE.replace(SIGNATURE, f"{SIGNATURE}  {comment}")


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: TCF001",
        "# noqa:TCF001",
        "# NOQA: tcf001",
        "# noqa: TCF002, TCF001",
        "# noqa: E501 TCF001",
    ],
)
def test_noqa_naming_the_code_silences_it(workdir: Path, comment: str) -> None:
    write(workdir / "naive.py", with_comment(comment))
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_bare_noqa_silences_every_code(workdir: Path) -> None:
    write(workdir / "naive.py", with_comment("# noqa"))
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_noqa_naming_another_code_does_not_silence(workdir: Path) -> None:
    write(workdir / "naive.py", with_comment("# noqa: TCF002"))
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [NAIVE_LINE, "Found 1 problem (1 fixable with --fix)."]


def test_noqa_on_another_line_does_not_silence(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE.replace("@tool", "@tool  # noqa: TCF001"))
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == NAIVE_LINE


def test_silenced_finding_is_not_fixed(workdir: Path) -> None:
    source = with_comment("# noqa: TCF001")
    path = write(workdir / "naive.py", source)
    result = invoke("check", "--fix", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    assert path.read_text() == source


@pytest.mark.parametrize("comment", ["# toolcfg: noqa", "# toolcfg:noqa", "#toolcfg: NOQA"])
def test_file_level_toolcfg_noqa_silences_the_file(workdir: Path, comment: str) -> None:
    path = write(workdir / "naive.py", f"{comment}\n{NAIVE}")
    write(workdir / "other.py", NAIVE)
    result = invoke("check", "--fix", "--extend-select", "TCF9", ".")
    assert (result.exit_code, result.stdout) == (0, "Found 1 problem (1 fixed, 0 remaining).\n")
    assert path.read_text() == f"{comment}\n{NAIVE}"
    assert (workdir / "other.py").read_text() == FIXED


@pytest.mark.parametrize(
    "comment",
    [
        "# toolcfg: noqa: TCF001",
        "# toolcfg: noqa:TCF001",
        "# toolcfg : noqa : TCF002, TCF001",
        "#toolcfg: NOQA: tcf001 (the tool is called with its config by hand)",
    ],
)
def test_file_level_noqa_naming_the_code_silences_it(workdir: Path, comment: str) -> None:
    path = write(workdir / "naive.py", f"{comment}\n{NAIVE}")
    result = invoke("check", "--fix", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    assert path.read_text() == f"{comment}\n{NAIVE}"


# A comment line that names no code of the file, or cannot be read as a code list, used to
# silence the whole file: a directive that names codes must not silence the others.
@pytest.mark.parametrize(
    "comment",
    [
        "# toolcfg: noqa: TCF041",
        "# toolcfg: noqa: TCF0",
        "# toolcfg: noqa:",
        "# toolcfg: noqa: all",
    ],
)
def test_file_level_noqa_silences_only_the_codes_it_names(workdir: Path, comment: str) -> None:
    write(workdir / "naive.py", f"{comment}\n{NAIVE}")
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"naive.py:5:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_file_level_noqa_codes_add_up(workdir: Path) -> None:
    write(workdir / "tool.py", f"# toolcfg: noqa: TCF041\n# toolcfg: noqa: TCF001\n{NAIVE}")
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_file_level_noqa_must_be_a_comment_line(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE.replace("@tool", 'x = "# toolcfg: noqa"\n@tool'))
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == f"naive.py:5:11: {NAIVE_MESSAGE}"


# --- unused noqa (TCF901) ----------------------------------------------------------------

STALE = with_comment("# noqa: TCF002")
STALE_LINE = "naive.py:4:39: TCF901 Unused `noqa` directive (unused: `TCF002`)"


def test_unused_noqa_is_not_reported_by_default(workdir: Path) -> None:
    write(workdir / "naive.py", STALE)
    result = invoke("check", ".")
    assert lines(result.stdout) == [NAIVE_LINE, "Found 1 problem (1 fixable with --fix)."]


def test_unused_noqa_is_reported_with_extend_select_tcf9(workdir: Path) -> None:
    write(workdir / "naive.py", STALE)
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        NAIVE_LINE,
        STALE_LINE,
        "Found 2 problems (1 fixable with --fix).",
    ]


def test_used_noqa_is_not_reported_as_unused(workdir: Path) -> None:
    write(workdir / "naive.py", with_comment("# noqa: TCF001"))
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_unused_noqa_reports_only_the_unused_codes(workdir: Path) -> None:
    write(workdir / "naive.py", with_comment("# noqa: TCF001, TCF002"))
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "naive.py:4:39: TCF901 Unused `noqa` directive (unused: `TCF002`)",
        "Found 1 problem (0 fixable with --fix).",
    ]


def test_unused_noqa_is_reported_in_a_file_the_prefilter_skips(workdir: Path) -> None:
    # No tool and no runnable method: the file is never parsed, but its noqa is still stale.
    write(workdir / "plain.py", "x = 1  # noqa: TCF001\n")
    default = invoke("check", ".")
    assert (default.exit_code, default.stdout) == (0, "All checks passed!\n")
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "plain.py:1:8: TCF901 Unused `noqa` directive (unused: `TCF001`)",
        "Found 1 problem (0 fixable with --fix).",
    ]


@pytest.mark.parametrize("comment", ["# noqa", "# noqa: E501", "# noqa: E501, F401"])
@pytest.mark.parametrize("parsed", [True, False], ids=["parsed", "prefiltered"])
def test_bare_and_foreign_noqa_are_never_reported(
    workdir: Path, comment: str, parsed: bool
) -> None:
    source = CLEAN if parsed else "x = 1\n"
    first, rest = source.split("\n", 1)
    write(workdir / "file.py", f"{first}  {comment}\n{rest}")
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_file_level_noqa_silences_unused_noqa_too(workdir: Path) -> None:
    write(workdir / "plain.py", "# toolcfg: noqa\nx = 1  # noqa: TCF001\n")
    write(workdir / "naive.py", "# toolcfg: noqa\n" + STALE)
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


# --- unused file-level codes, reported at the directive as ruff reports its own ------------


def test_unused_file_level_noqa_codes_are_reported(workdir: Path) -> None:
    write(workdir / "naive.py", f"# toolcfg: noqa: TCF001, TCF041\n{NAIVE}")
    write(workdir / "plain.py", "# toolcfg: noqa: TCF041 TCF002\nx = 1\n")
    default = invoke("check", ".")
    assert (default.exit_code, default.stdout) == (0, "All checks passed!\n")
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "naive.py:1:1: TCF901 Unused `noqa` directive (unused: `TCF041`)",
        "plain.py:1:1: TCF901 Unused `noqa` directive (unused: `TCF041`, `TCF002`)",
        "Found 2 problems (0 fixable with --fix).",
    ]


def test_a_line_noqa_the_file_level_one_already_covers_is_unused(workdir: Path) -> None:
    write(workdir / "naive.py", "# toolcfg: noqa: TCF001\n" + with_comment("# noqa: TCF001"))
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert lines(result.stdout) == [
        "naive.py:5:39: TCF901 Unused `noqa` directive (unused: `TCF001`)",
        "Found 1 problem (0 fixable with --fix).",
    ]


def test_file_level_noqa_naming_tcf901_silences_unused_noqa(workdir: Path) -> None:
    write(workdir / "naive.py", "# toolcfg: noqa: TCF901\n" + STALE)
    write(workdir / "plain.py", "# toolcfg: noqa: TCF901, TCF041\nx = 1  # noqa: TCF001\n")
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert lines(result.stdout) == [
        f"naive.py:5:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


@pytest.mark.parametrize("comment", ["# noqa: TCF001, TCF901", "# noqa: TCF901, TCF001"])
def test_a_noqa_naming_tcf901_is_never_itself_unused(workdir: Path, comment: str) -> None:
    write(workdir / "naive.py", with_comment(comment))
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_a_noqa_naming_tcf901_silences_its_own_unused_codes(workdir: Path) -> None:
    write(workdir / "naive.py", with_comment("# noqa: TCF002, TCF901"))
    result = invoke("check", "--extend-select", "TCF9", ".")
    assert lines(result.stdout) == [NAIVE_LINE, "Found 1 problem (1 fixable with --fix)."]
