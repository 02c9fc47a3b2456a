"""Which findings a run reports, and the flags that shape what it prints and how it exits.

``--select`` / ``--ignore`` / ``--extend-select`` with codes and prefixes (the most
specific prefix wins, as in ruff), ``--unsafe-fixes``, ``--exit-zero``, ``--statistics``,
``--show-fixes``, ``--quiet``, ``--version``, and the exit code of every mode.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import (
    CLEAN,
    FIXED,
    NAIVE,
    NAIVE_LINE,
    SYNTAX_ERROR,
    UNFIXABLE,
    UNFIXABLE_LINE,
    UNSAFE,
    UNSAFE_FIXED,
    UNSAFE_LINE,
    UNSAFE_TEXT,
    invoke,
    lines,
    reported,
    run_unprivileged,
    write,
)

from toolcfg import __version__
from toolcfg.settings import Overrides, Resolver

# --- --select, --ignore, --extend-select -------------------------------------------------


def test_default_selection_reports_tcf0_and_tcf1(mixed: Path) -> None:
    assert reported(".") == [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE]


def test_select_code_reports_only_that_code(mixed: Path) -> None:
    assert reported("--select", "TCF002", ".") == [UNFIXABLE_LINE]


def test_select_several_codes_comma_separated(mixed: Path) -> None:
    assert reported("--select", "TCF002,TCF101", ".") == [UNFIXABLE_LINE, UNSAFE_LINE]


@pytest.mark.parametrize("prefix", ["TCF0", "TCF00"])
def test_select_prefix_reports_codes_under_it(mixed: Path, prefix: str) -> None:
    assert reported("--select", prefix, ".") == [NAIVE_LINE, UNFIXABLE_LINE]


def test_select_replaces_the_default_selection(mixed: Path) -> None:
    assert reported("--select", "TCF1", ".") == [UNSAFE_LINE]


def test_ignore_code(mixed: Path) -> None:
    assert reported("--ignore", "TCF001", ".") == [UNFIXABLE_LINE, UNSAFE_LINE]


@pytest.mark.parametrize("prefix", ["TCF0", "TCF00"])
def test_ignore_prefix(mixed: Path, prefix: str) -> None:
    assert reported("--ignore", prefix, ".") == [UNSAFE_LINE]


def test_extend_select_adds_to_select(mixed: Path) -> None:
    assert reported("--select", "TCF002", "--extend-select", "TCF001", ".") == [
        NAIVE_LINE,
        UNFIXABLE_LINE,
    ]


def test_more_specific_ignore_beats_broader_select(mixed: Path) -> None:
    assert reported("--select", "TCF0", "--ignore", "TCF001", ".") == [UNFIXABLE_LINE]


def test_more_specific_select_beats_broader_ignore(mixed: Path) -> None:
    assert reported("--select", "TCF00", "--ignore", "TCF0", ".") == [NAIVE_LINE, UNFIXABLE_LINE]


def test_more_specific_extend_select_beats_broader_ignore(mixed: Path) -> None:
    assert reported("--ignore", "TCF0", "--extend-select", "TCF002", ".") == [
        UNFIXABLE_LINE,
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
        f"unsafe.py:8:36: TCF101 [*] {UNSAFE_TEXT}",
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
        NAIVE_LINE,
        UNFIXABLE_LINE,
        UNSAFE_LINE,
        "Found 3 problems (1 fixable with --fix, 1 more with --unsafe-fixes).",
    ]


def test_exit_zero_exits_0_on_unreadable_file_and_still_reports_it(tmp_path: Path) -> None:
    # As ruff's --exit-zero, which exits 0 on a file it cannot read (E902).
    write(tmp_path / "naive.py", NAIVE)
    secret = write(tmp_path / "secret.py", NAIVE)
    secret.chmod(0)
    try:
        result = run_unprivileged("check", "--exit-zero", ".", cwd=tmp_path)
    finally:
        secret.chmod(0o644)
    assert result.returncode == 0
    assert lines(result.stderr) == ["error: secret.py: cannot read: Permission denied"]
    assert lines(result.stdout) == [
        NAIVE_LINE,
        "secret.py:1:1: read-error: Permission denied",
        "Found 1 problem (1 fixable with --fix). 1 file could not be checked.",
    ]


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
        UNFIXABLE_LINE,
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
    write(workdir / "unfixable.py", UNFIXABLE)
    result = invoke("check", "--fix", "--show-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [UNFIXABLE_LINE, "Found 1 problem (0 fixed, 1 remaining)."]


def test_quiet_prints_findings_only(mixed: Path) -> None:
    result = invoke("check", "--quiet", ".")
    assert (result.exit_code, result.stderr) == (1, "")
    assert lines(result.stdout) == [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE]


def test_quiet_prints_nothing_when_clean(workdir: Path) -> None:
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", "-q", ".")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_quiet_fix_prints_only_remaining_findings(mixed: Path) -> None:
    result = invoke("check", "--fix", "--quiet", "--show-fixes", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [UNFIXABLE_LINE, UNSAFE_LINE]


def test_version_works_even_with_a_broken_config(workdir: Path) -> None:
    write(workdir / "pyproject.toml", "[tool.toolcfg\n")
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"toolcfg, version {__version__}\n")


# --- exit codes in every mode ------------------------------------------------------------

CONTENTS = {
    "clean": [CLEAN],
    "fixable": [NAIVE],
    "unfixable": [UNFIXABLE],
    "fixable+unfixable": [NAIVE, UNFIXABLE],
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
    # ... and 0 with --exit-zero, as ruff's, which still reports the file.
    write(workdir / "naive.py", NAIVE)
    write(workdir / "broken.py", SYNTAX_ERROR)
    flags = ([] if mode == "check" else [mode]) + (["--exit-zero"] if exit_zero else [])
    result = invoke("check", *flags, ".")
    assert result.exit_code == (0 if exit_zero else 2)
    assert "broken.py" in result.stderr
    assert "broken.py:3:13: parse-error: invalid syntax" in lines(result.stdout)


@pytest.mark.parametrize("code", ["E501", "TCF999", "TCF0001", "TCF07", "T", "tcf999"])
@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_unknown_code_on_the_command_line_exits_2(workdir: Path, option: str, code: str) -> None:
    # As ruff's "Unknown rule selector": a code of no rule would otherwise select nothing,
    # or ignore nothing, and say so nowhere.
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", option, f"TCF001,{code}", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: unknown rule selector `{code}` in `{option}`\n"


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_unknown_code_on_the_command_line_keeps_machine_formats_parseable(
    workdir: Path, output_format: str
) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--output-format", output_format, "--ignore", "TCF999", ".")
    assert result.exit_code == 2
    message = "unknown rule selector `TCF999` in `--ignore`"
    assert result.stderr == f"error: {message}\n"
    document = json.loads(result.stdout)
    if output_format == "json":
        # The failure alone, where findings go: the setting belongs to no file.
        assert [(item["code"], item["message"], item["filename"]) for item in document] == [
            ("settings-error", message, None)
        ]
    else:
        [invocation] = document["runs"][0]["invocations"]
        [notification] = invocation["toolExecutionNotifications"]
        assert notification["message"]["text"] == message


@pytest.mark.parametrize("code", ["ALL", "TCF", "TCF0", "TCF00", "TCF001", "TCF9", "tcf001"])
def test_every_prefix_of_a_rule_code_is_a_selector(mixed: Path, code: str) -> None:
    result = invoke("check", "--extend-select", code, ".")
    assert (result.exit_code, result.stderr) == (1, "")


# --- layers: the defaults, then [tool.toolcfg], then the command line, as in ruff -------


def test_ignore_tcf_on_the_command_line_turns_everything_off(mixed: Path) -> None:
    result = invoke("check", "--ignore", "TCF", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_ignore_tcf_in_the_configuration_turns_everything_off(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nignore = ["TCF"]\n')
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_ignore_all_turns_everything_off(mixed: Path) -> None:
    result = invoke("check", "--extend-select", "TCF9", "--ignore", "ALL", ".")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_a_broad_ignore_on_the_command_line_beats_a_specific_configured_select(
    mixed: Path,
) -> None:
    # As in ruff: with `select = ["E7"]` configured, `ruff check --ignore E` turns E731 off.
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001", "TCF1"]\n')
    assert reported(".") == [NAIVE_LINE, UNSAFE_LINE]
    assert reported("--ignore", "TCF0", ".") == [UNSAFE_LINE]


def test_a_broad_extend_select_on_the_command_line_beats_a_specific_configured_ignore(
    mixed: Path,
) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nignore = ["TCF001"]\n')
    assert reported(".") == [UNFIXABLE_LINE, UNSAFE_LINE]
    assert reported("--extend-select", "TCF0", ".") == [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE]


def test_configured_extend_select_adds_to_the_defaults(mixed: Path) -> None:
    write(mixed / "noqa.py", "x = 1  # noqa: TCF001\n")
    noqa_line = "noqa.py:1:8: TCF901 Unused `noqa` directive (unused: `TCF001`)"
    assert reported(".") == [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE]
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nextend-select = ["TCF9"]\n')
    assert reported(".") == [NAIVE_LINE, noqa_line, UNFIXABLE_LINE, UNSAFE_LINE]


def test_a_layer_that_sets_select_drops_what_it_does_not_match(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF1"]\n')
    assert reported(".") == [UNSAFE_LINE]
    # The command line's select, in turn, drops the configured TCF1.
    assert reported("--select", "TCF002", ".") == [UNFIXABLE_LINE]
    # A command line that sets no select leaves the configured selection in place.
    assert reported("--extend-select", "TCF002", ".") == [UNFIXABLE_LINE, UNSAFE_LINE]


def test_per_file_ignores_apply_after_every_layer(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg.per-file-ignores]\n"naive.py" = ["TCF"]\n')
    assert reported("--select", "TCF001,TCF002", ".") == [UNFIXABLE_LINE]
    assert reported("--extend-select", "TCF001", ".") == [UNFIXABLE_LINE, UNSAFE_LINE]


# --- the same layered shapes under ruff itself -------------------------------------------

#: One violation each of E701, E711, E731 and E501 (at 88 columns).
RUFF_SOURCE = """\
if True: pass
x = None
if x == None:
    pass
f = lambda: 0
y = "{}"
""".format("a" * 100)
RUFF_CODES = ("E701", "E711", "E731", "E501")

#: (the configuration's selection, the command line's), in ruff's codes.
SHAPES: list[tuple[dict[str, Any], dict[str, list[str]]]] = [
    ({}, {}),
    ({}, {"ignore": ["E"]}),
    ({"ignore": ["E"]}, {}),
    ({"select": ["E7"]}, {"ignore": ["E"]}),
    ({"ignore": ["E701"]}, {"extend-select": ["E7"]}),
    ({"select": ["E701"]}, {"extend-select": ["E5"]}),
    ({"extend-select": ["E711"], "ignore": ["E7"]}, {}),
    ({"select": ["E7"], "ignore": ["E73"]}, {"select": ["E"]}),
    ({"select": ["E7"]}, {"ignore": ["E71"]}),
    ({"ignore": ["E7"]}, {"extend-select": ["E731"]}),
    ({"select": ["E"], "ignore": ["E"]}, {}),
    ({}, {"select": ["E70", "E5"], "ignore": ["E7"]}),
    ({"extend-select": ["E5"]}, {"ignore": ["E501"]}),
    ({"select": ["E73"]}, {}),
    ({"select": ["ALL"], "ignore": ["E7"]}, {"extend-select": ["E71"]}),
    ({"select": ["E7"]}, {"select": ["E5"], "extend-select": ["E711"]}),
    ({"ignore": ["E501"]}, {"extend-select": ["E"]}),
    ({"select": ["E701", "E5"], "per-file-ignores": {"t.py": ["E7"]}}, {}),
    ({"per-file-ignores": {"t.py": ["E501"]}}, {"select": ["E501", "E7"]}),
    ({"select": [], "ignore": ["E701"]}, {}),
    ({"select": [], "ignore": ["E701"]}, {"select": ["E7"]}),
    ({"select": [], "ignore": ["E701"]}, {"extend-select": ["E7", "E5"]}),
    ({"select": [], "extend-select": ["E5"], "ignore": ["E701"]}, {"select": ["E7"]}),
]


def as_tcf(selector: str) -> str:
    """E7 -> TCF0, E5 -> TCF1, E731 -> TCF031: the same prefix tree under our linter."""
    if selector == "ALL":
        return selector
    digits = selector[1:]
    return "TCF" + {"7": "0", "5": "1"}.get(digits[:1], digits[:1]) + digits[1:]


def toml_table(header: str, selection: dict) -> str:
    """``[header]`` and, for per-file-ignores, ``[header.per-file-ignores]``."""
    plain = {key: value for key, value in selection.items() if key != "per-file-ignores"}
    text = f"[{header}]\n" + "".join(f"{key} = {json.dumps(v)}\n" for key, v in plain.items())
    per_file = selection.get("per-file-ignores", {})
    if per_file:
        text += f"[{header}.per-file-ignores]\n"
        text += "".join(f"{json.dumps(k)} = {json.dumps(v)}\n" for k, v in per_file.items())
    return text


def mapped(selection: dict) -> dict:
    result: dict = {}
    for key, value in selection.items():
        if key == "per-file-ignores":
            result[key] = {pattern: [as_tcf(c) for c in codes] for pattern, codes in value.items()}
        else:
            result[key] = [as_tcf(code) for code in value]
    return result


def ruff_reports(root: Path, configured: dict, command_line: dict) -> set[str]:
    """What ruff reports, with ``select = ["E7", "E5"]`` standing in for our defaults (an
    ``extend``-ed configuration is a layer before the extending one)."""
    write(root / "base.toml", 'line-length = 88\n[lint]\nselect = ["E7", "E5"]\n')
    write(root / "ruff.toml", 'extend = "base.toml"\n' + toml_table("lint", configured))
    write(root / "t.py", RUFF_SOURCE)
    flags = [f"--{key}={','.join(value)}" for key, value in command_line.items()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format=json", *flags],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return {item["code"] for item in json.loads(result.stdout)} & set(RUFF_CODES)


def toolcfg_selects(root: Path, configured: dict, command_line: dict) -> set[str]:
    """Which of the four codes (mapped) our settings enable for ``t.py``."""
    write(root / "pyproject.toml", toml_table("tool.toolcfg", mapped(configured)))
    layer = mapped(command_line)
    overrides = Overrides(
        select=tuple(layer["select"]) if "select" in layer else None,
        extend_select=tuple(layer.get("extend-select", ())),
        ignore=tuple(layer.get("ignore", ())),
    )
    settings = Resolver(overrides).for_file(root / "t.py")
    return {code for code in RUFF_CODES if settings.is_selected(as_tcf(code), root / "t.py")}


@pytest.mark.parametrize("configured, command_line", SHAPES)
def test_layered_selection_matches_ruff(
    tmp_path: Path, configured: dict, command_line: dict
) -> None:
    ruff_root, our_root = tmp_path / "ruff", tmp_path / "toolcfg"
    expected = ruff_reports(ruff_root, configured, command_line)
    assert toolcfg_selects(our_root, configured, command_line) == expected


def test_the_ruff_shapes_cover_each_outcome(tmp_path: Path) -> None:
    """The comparison above is only worth something if ruff's answers vary."""
    outcomes = {
        frozenset(ruff_reports(tmp_path / str(n), *shape)) for n, shape in enumerate(SHAPES)
    }
    assert frozenset() in outcomes
    assert frozenset(RUFF_CODES) in outcomes
    assert len(outcomes) >= 8
