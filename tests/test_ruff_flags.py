"""The flags a ruff user's hands type, doing what they do in ruff (issue 22).

Repeated selection flags, ``--config`` as a file or a ``KEY = VALUE`` override,
``--stdin-filename`` without ``-``, ``--exclude`` and ``--extend-exclude``,
``--per-file-ignores`` and ``--extend-per-file-ignores``, ``--fixable``, ``--unfixable`` and
``--extend-fixable`` (and their configuration keys), ``-o``, ``-s``,
``--exit-non-zero-on-fix``, ``--no-fix``, ``--isolated``, ``--cache-dir`` and
``TOOLCFG_CACHE_DIR``, ``--add-noqa``, ``--show-fixes`` for a helper, and the line length a
fix is measured against without a formatter. Where ruff's behaviour is the reference, a
test runs ruff (a test dependency) beside toolcfg.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import (
    FIXED,
    NAIVE,
    NAIVE_LINE,
    NAIVE_MESSAGE,
    NAIVE_TEXT,
    TOOLCFG_SCRIPT,
    UNFIXABLE_LINE,
    UNSAFE,
    UNSAFE_LINE,
    invoke,
    lines,
    make_runner,
    reported,
    write,
    write_helper_project,
)

import toolcfg.formatters
from toolcfg.cache import DATABASE
from toolcfg.cli import main
from toolcfg.settings import Overrides, Resolver

RUFF = (sys.executable, "-m", "ruff", "check", "--no-cache")


# --- repeated selection flags -------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", "TCF001", "--select", "TCF101"], [NAIVE_LINE, UNSAFE_LINE]),
        (
            ["--select", "TCF001,TCF002", "--select", "TCF101"],
            [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE],
        ),
        (["--ignore", "TCF001", "--ignore", "TCF101"], [UNFIXABLE_LINE]),
        (
            ["--select", "TCF001", "--extend-select", "TCF002", "--extend-select", "TCF101"],
            [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE],
        ),
    ],
)
def test_a_selection_flag_given_twice_applies_both(
    mixed: Path, args: list[str], expected: list[str]
) -> None:
    """As in ruff, where `--select A --select B` selects both; the last one used to win."""
    assert reported(*args, ".") == expected


def test_repeated_select_flags_select_what_ruff_selects(tmp_path: Path) -> None:
    # E7 stands for TCF0 and E5 for TCF1 (as in test_selection.py's comparison).
    write(tmp_path / "t.py", "x = 1; y = 2\n" + "z = '" + "a" * 100 + "'\n")
    ruff = subprocess.run(
        [*RUFF, "--output-format=json", "--select", "E702", "--select", "E501", "t.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(item["code"] for item in json.loads(ruff.stdout)) == ["E501", "E702"]
    overrides = Overrides(select=("TCF002", "TCF101"))
    settings = Resolver(overrides).for_file(tmp_path / "t.py")
    assert [settings.is_selected(code) for code in ("TCF002", "TCF101", "TCF001")] == [
        True,
        True,
        False,
    ]
    flags = invoke("check", "--select", "TCF002", "--select", "TCF101", "--show-settings")
    assert "  enabled: TCF002, TCF101\n" in flags.stdout


# --- --statistics --output-format json -------------------------------------------------------


def test_statistics_in_json_are_rufffs_list_of_counts(mixed: Path) -> None:
    write(mixed / "naive2.py", NAIVE)
    write(mixed / "broken.py", "from langchain_core.tools import tool\n@tool\nasync def f(:\n")
    result = invoke("check", "--statistics", "--output-format", "json", ".")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == [
        {
            "code": "TCF001",
            "name": "tool-missing-config",
            "count": 2,
            "fixable": True,
            "fixable_count": 2,
        },
        {
            "code": "TCF002",
            "name": "tool-config-not-forwarded",
            "count": 1,
            "fixable": False,
            "fixable_count": 0,
        },
        {
            "code": "TCF101",
            "name": "tool-config-not-injectable",
            "count": 1,
            "fixable": False,
            "fixable_count": 0,
        },
        # A failure is counted by its name, with no code, as ruff counts invalid-syntax.
        {"code": None, "name": "parse-error", "count": 1, "fixable": False, "fixable_count": 0},
    ]
    unsafe = invoke("check", "--statistics", "--output-format", "json", "--unsafe-fixes", ".")
    [row] = [row for row in json.loads(unsafe.stdout) if row["code"] == "TCF101"]
    assert (row["fixable"], row["fixable_count"]) == (True, 1)


def test_statistics_json_has_ruffs_keys(tmp_path: Path) -> None:
    write(tmp_path / "t.py", "import os\n")
    ruff = subprocess.run(
        [*RUFF, "--select", "F401", "--statistics", "--output-format", "json", "t.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    write(tmp_path / "naive.py", NAIVE)
    ours = invoke("check", "--statistics", "--output-format", "json", str(tmp_path / "naive.py"))
    assert [list(row) for row in json.loads(ours.stdout)] == [
        list(row) for row in json.loads(ruff.stdout)
    ]


@pytest.mark.parametrize("output_format", ["sarif", "github", "junit", "gitlab", "grouped"])
def test_statistics_refuse_a_format_they_cannot_print_in(mixed: Path, output_format: str) -> None:
    """As ruff refuses them, rather than print every finding instead."""
    result = invoke("check", "--statistics", "--output-format", output_format, ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"not {output_format}" in result.stderr


# --- --config KEY = VALUE ------------------------------------------------------------------


def test_config_pair_overrides_a_setting(mixed: Path) -> None:
    """`--config "target-version = 'py311'"` is an inline TOML override, not a file name:
    on Python 3.11 only the version-independent TCF101 is left."""
    assert reported("--config", "target-version = 'py311'", ".") == [UNSAFE_LINE]


def test_config_pairs_lay_over_every_configuration_file_and_under_the_flags(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF0"]\n')
    assert reported(".") == [NAIVE_LINE, UNFIXABLE_LINE]
    # Over the file: the pair's select replaces the file's.
    assert reported("--config", "select = ['TCF1']", ".") == [UNSAFE_LINE]
    # Several pairs, each a KEY = VALUE.
    assert reported("--config", "select = ['TCF1']", "--config", "ignore = ['TCF101']", ".") == []
    # Under the flags: --target-version beats the pair's, as ruff's flags do.
    both = ["--config", "target-version = 'py311'", "--target-version", "py310"]
    assert [line.split()[1] for line in reported(*both, ".")] == ["TCF001", "TCF002"]
    assert reported("--config", "select = ['TCF1']", "--select", "TCF001", ".") == [NAIVE_LINE]


def test_config_file_and_pairs_together(mixed: Path) -> None:
    write(mixed / "configs" / "toolcfg.toml", 'select = ["TCF0"]\n')
    args = ["--config", "configs/toolcfg.toml", "--config", "extend-select = ['TCF101']"]
    assert reported(*args, ".") == [NAIVE_LINE, UNFIXABLE_LINE, UNSAFE_LINE]


def test_show_settings_names_a_config_pair_as_the_source(workdir: Path) -> None:
    result = invoke("check", "--config", "line-length = 100", "--show-settings", "a.py")
    assert result.exit_code == 0
    assert result.stdout.endswith("  line-length: 100\n      from `--config 'line-length = 100'`\n")


@pytest.mark.parametrize(
    "value, says",
    [
        ("indent = 4", "unknown setting 'indent' in `--config`"),
        ("line-length = 1000", "line-length must be a whole number from 1 to 320"),
        ("select = ['TCF999']", "unknown rule selector `TCF999` in `select`"),
        ("missing.toml", "`--config missing.toml` names no file"),
        ("line-length 100", "`--config line-length 100` is not TOML"),
    ],
)
def test_a_bad_config_value_exits_2_saying_why(workdir: Path, value: str, says: str) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--config", value, ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert says in result.stderr


def test_two_config_files_exit_2(workdir: Path) -> None:
    write(workdir / "a.toml", "")
    write(workdir / "b.toml", "")
    result = invoke("check", "--config", "a.toml", "--config", "b.toml", ".")
    assert result.exit_code == 2
    assert "names two configuration files" in result.stderr


# --- --stdin-filename without - -------------------------------------------------------------


def _script(*args: str, data: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(TOOLCFG_SCRIPT), "check", *args],
        check=False,
        cwd=cwd,
        input=data,
        capture_output=True,
        timeout=60,
    )


def test_stdin_filename_alone_reads_stdin(tmp_path: Path) -> None:
    """As ruff: --stdin-filename means stdin, with or without `-`; the project on disk
    (here a file of its own with a finding) is not what is checked."""
    write(tmp_path / "other.py", NAIVE)
    result = _script("--stdin-filename", "pkg/agent.py", data=NAIVE.encode(), cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result.stdout.decode()) == [
        f"pkg/agent.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    # A directory that does not exist holds no project to warn about.
    assert result.stderr == b""
    fixed = _script("--fix", "--stdin-filename", "agent.py", data=NAIVE.encode(), cwd=tmp_path)
    assert (fixed.returncode, fixed.stdout.decode()) == (0, FIXED)


def test_stdin_filename_with_paths_reads_stdin_and_says_it_ignores_them(tmp_path: Path) -> None:
    write(tmp_path / "other.py", NAIVE)
    result = _script("--stdin-filename", "a.py", "other.py", data=FIXED.encode(), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"All checks passed!\n")
    assert lines(result.stderr.decode()) == [
        "warning: Ignoring file other.py in favor of standard input."
    ]


# --- --exclude, --extend-exclude -------------------------------------------------------------


def test_exclude_flag_replaces_the_configured_list(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nexclude = ["gen/"]\n')
    for name in ("naive.py", "gen/naive.py", "legacy/naive.py"):
        write(workdir / name, NAIVE)
    assert reported(".") == [f"legacy/{NAIVE_LINE}", NAIVE_LINE]
    assert reported("--exclude", "legacy/", ".") == [f"gen/{NAIVE_LINE}", NAIVE_LINE]
    # Given twice, or comma-separated, every pattern counts.
    assert reported("--exclude", "legacy/", "--exclude", "gen/", ".") == [NAIVE_LINE]
    assert reported("--exclude", "legacy/,gen/", ".") == [NAIVE_LINE]


def test_extend_exclude_flag_adds_to_the_configured_list(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nexclude = ["gen/"]\n')
    for name in ("naive.py", "gen/naive.py", "legacy/naive.py"):
        write(workdir / name, NAIVE)
    assert reported("--extend-exclude", "legacy/", ".") == [NAIVE_LINE]


def test_exclude_flag_patterns_are_relative_to_the_working_directory(workdir: Path) -> None:
    """As ruff anchors them, while a configuration's patterns are anchored at its file."""
    write(workdir / "proj" / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF0"]\n')
    write(workdir / "proj" / "src" / "naive.py", NAIVE)
    write(workdir / "proj" / "keep" / "src" / "naive.py", NAIVE)
    assert reported("--extend-exclude", "proj/src/", "proj") == [f"proj/keep/src/{NAIVE_LINE}"]


# --- --per-file-ignores, --extend-per-file-ignores -------------------------------------------


def test_per_file_ignores_flag_replaces_the_configured_table(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg.per-file-ignores]\n"naive.py" = ["TCF0"]\n')
    assert reported(".") == [UNFIXABLE_LINE, UNSAFE_LINE]
    assert reported("--per-file-ignores", "unsafe.py:TCF1", ".") == [NAIVE_LINE, UNFIXABLE_LINE]
    # PATTERN:CODE pairs, comma-separated or repeated, as ruff reads them.
    assert reported("--per-file-ignores", "unsafe.py:TCF1,naive.py:TCF001", ".") == [UNFIXABLE_LINE]
    pairs = ["--per-file-ignores", "unsafe.py:TCF1", "--per-file-ignores", "un*.py:TCF002"]
    assert reported(*pairs, ".") == [NAIVE_LINE]


def test_extend_per_file_ignores_flag_adds_to_the_configured_table(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg.per-file-ignores]\n"naive.py" = ["TCF0"]\n')
    assert reported("--extend-per-file-ignores", "unsafe.py:TCF101", ".") == [UNFIXABLE_LINE]


@pytest.mark.parametrize("value", ["naive.py", "naive.py:", ":TCF001", "naive.py:TCF999"])
def test_a_bad_per_file_ignores_flag_exits_2(mixed: Path, value: str) -> None:
    result = invoke("check", "--per-file-ignores", value, ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--per-file-ignores" in result.stderr


# --- --fixable, --unfixable, --extend-fixable ------------------------------------------------


def test_unfixable_code_is_reported_without_a_fix(mixed: Path) -> None:
    result = invoke("check", "--unfixable", "TCF001", ".")
    naive_text = NAIVE_MESSAGE.replace("TCF001 [*] ", "TCF001 ")
    assert lines(result.stdout) == [
        f"naive.py:4:11: {naive_text}",
        UNFIXABLE_LINE,
        UNSAFE_LINE,
        "Found 3 problems (0 fixable with --fix, 1 more with --unsafe-fixes).",
    ]
    [item, *_] = json.loads(
        invoke("check", "--unfixable", "TCF0", "--output-format", "json", ".").stdout
    )
    assert (item["code"], item["fix"]) == ("TCF001", None)


def test_fix_leaves_what_is_unfixable(mixed: Path) -> None:
    result = invoke("check", "--fix", "--unsafe-fixes", "--unfixable", "TCF1", ".")
    assert result.exit_code == 1
    assert (mixed / "naive.py").read_text() == FIXED
    assert (mixed / "unsafe.py").read_text() == UNSAFE


def test_fixable_keys_in_the_configuration(mixed: Path) -> None:
    write(mixed / "pyproject.toml", '[tool.toolcfg]\nfixable = ["TCF1"]\n')
    assert invoke("check", "--fix", "--unsafe-fixes", ".").exit_code == 1
    assert (mixed / "naive.py").read_text() == NAIVE
    assert (mixed / "unsafe.py").read_text() != UNSAFE
    # The flags come last: --extend-fixable adds to the configured list.
    assert invoke("check", "--fix", "--extend-fixable", "TCF001", ".").exit_code == 1
    assert (mixed / "naive.py").read_text() == FIXED


#: ruff's fixable codes standing for ours: E711, E712 and E713 have fixes in ruff; under our
#: prefix tree they are TCF011, TCF012 and TCF013 (E7 -> TCF0, as in test_selection.py).
FIX_CODES = ("E711", "E712", "E713")
FIX_SOURCE = "if x == None:\n    pass\nif x == True:\n    pass\nif not x in y:\n    pass\n"

#: (the configuration's fixable settings, the command line's), in ruff's codes.
FIX_SHAPES: list[tuple[dict[str, list[str]], dict[str, list[str]]]] = [
    ({}, {}),
    ({}, {"unfixable": ["E711"]}),
    ({"unfixable": ["E71"]}, {}),
    ({"unfixable": ["E71"]}, {"extend-fixable": ["E712"]}),
    ({"fixable": ["E711"]}, {}),
    ({"fixable": ["E711"]}, {"extend-fixable": ["E713"]}),
    ({"fixable": ["E7"], "unfixable": ["E712"]}, {"fixable": ["E71"]}),
    ({"fixable": ["ALL"], "unfixable": ["E7"]}, {"extend-fixable": ["E711"]}),
    ({"extend-fixable": ["E711"], "unfixable": ["E71"]}, {}),
    ({}, {"fixable": ["E712"], "unfixable": ["E7"]}),
    ({"fixable": [], "unfixable": ["E711"]}, {"fixable": ["E71"]}),
]


def _tcf(code: str) -> str:
    return code if code == "ALL" else "TCF" + {"7": "0"}.get(code[1], code[1]) + code[2:]


def _ruff_fixable(root: Path, configured: dict, command_line: dict) -> set[str]:
    table = "".join(f"{key} = {json.dumps(value)}\n" for key, value in configured.items())
    write(root / "ruff.toml", '[lint]\nselect = ["E7"]\n' + table)
    write(root / "t.py", FIX_SOURCE)
    flags = [f"--{key}={','.join(value)}" for key, value in command_line.items()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format=json", *flags],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    found = json.loads(result.stdout)
    assert {item["code"] for item in found} == set(FIX_CODES), result.stderr
    return {item["code"] for item in found if item["fix"] is not None}


def _toolcfg_fixable(root: Path, configured: dict, command_line: dict) -> set[str]:
    table = "".join(
        f"{key} = {json.dumps([_tcf(code) for code in value])}\n"
        for key, value in configured.items()
    )
    write(root / "pyproject.toml", "[tool.toolcfg]\n" + table)

    def flag(key: str) -> Any:
        return tuple(_tcf(code) for code in command_line.get(key, ()))

    overrides = Overrides(
        fixable=flag("fixable") if "fixable" in command_line else None,
        extend_fixable=flag("extend-fixable"),
        unfixable=flag("unfixable"),
    )
    settings = Resolver(overrides).for_file(root / "t.py")
    return {code for code in FIX_CODES if settings.is_fixable(_tcf(code))}


@pytest.mark.parametrize("configured, command_line", FIX_SHAPES)
def test_fixable_layers_match_ruff(tmp_path: Path, configured: dict, command_line: dict) -> None:
    expected = _ruff_fixable(tmp_path / "ruff", configured, command_line)
    assert _toolcfg_fixable(tmp_path / "toolcfg", configured, command_line) == expected


def test_the_fixable_shapes_cover_each_outcome(tmp_path: Path) -> None:
    outcomes = {
        frozenset(_ruff_fixable(tmp_path / str(n), *shape)) for n, shape in enumerate(FIX_SHAPES)
    }
    assert frozenset() in outcomes
    assert frozenset(FIX_CODES) in outcomes
    assert len(outcomes) >= 5


# --- -o, -s, --exit-non-zero-on-fix, --no-fix ----------------------------------------------


def test_output_file_holds_the_report(mixed: Path) -> None:
    result = invoke("check", "-o", "reports/toolcfg.txt", ".")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    assert lines((mixed / "reports" / "toolcfg.txt").read_text()) == [
        NAIVE_LINE,
        UNFIXABLE_LINE,
        UNSAFE_LINE,
        "Found 3 problems (1 fixable with --fix, 1 more with --unsafe-fixes).",
    ]
    machine = invoke("check", "--output-file", "out.json", "--output-format", "json", ".")
    assert (machine.exit_code, machine.stdout) == (1, "")
    assert [item["code"] for item in json.loads((mixed / "out.json").read_text())] == [
        "TCF001",
        "TCF002",
        "TCF101",
    ]


def test_output_file_from_the_environment(mixed: Path) -> None:
    result = make_runner().invoke(main, ["check", "."], env={"TOOLCFG_OUTPUT_FILE": "out.txt"})
    assert (result.exit_code, result.stdout) == (1, "")
    assert lines((mixed / "out.txt").read_text())[0] == NAIVE_LINE


def test_silent_prints_nothing_and_still_exits_1(mixed: Path) -> None:
    for flag in ("-s", "--silent"):
        result = invoke("check", flag, ".")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    assert invoke("check", "-s", "naive.py", "--output-format", "json").stdout == ""
    # What is asked for besides the findings is still printed, as in ruff.
    statistics = invoke("check", "-s", "--statistics", ".")
    assert lines(statistics.stdout)[0] == "    1\tTCF001\t[*] tool-missing-config"


def test_exit_non_zero_on_fix_exits_1_when_fix_changed_a_file(workdir: Path) -> None:
    path = write(workdir / "naive.py", NAIVE)
    plain = invoke("check", "--fix", "naive.py")
    assert plain.exit_code == 0
    path.write_text(NAIVE)
    result = invoke("check", "--fix", "--exit-non-zero-on-fix", "naive.py")
    assert result.exit_code == 1
    assert path.read_text() == FIXED
    # Nothing to fix: nothing changed, exit 0; --exit-zero still wins, as in ruff.
    assert invoke("check", "--fix", "--exit-non-zero-on-fix", "naive.py").exit_code == 0
    path.write_text(NAIVE)
    zero = invoke("check", "--fix", "--exit-non-zero-on-fix", "--exit-zero", "naive.py")
    assert zero.exit_code == 0


def test_no_fix_cancels_fix(workdir: Path) -> None:
    path = write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--fix", "--no-fix", "naive.py")
    assert result.exit_code == 1
    assert path.read_text() == NAIVE
    assert invoke("check", "--no-fix", "--fix", "naive.py").exit_code == 0
    assert path.read_text() == FIXED


# --- --isolated ---------------------------------------------------------------------------


def test_isolated_reads_no_configuration_file(workdir: Path) -> None:
    write(
        workdir / "pyproject.toml",
        '[tool.toolcfg]\nselect = ["TCF1"]\nexclude = ["naive.py"]\n'
        '[tool.ruff]\ntarget-version = "py311"\nline-length = 120\n',
    )
    write(workdir / "naive.py", NAIVE)
    assert reported(".") == []
    assert reported("--isolated", ".") == [NAIVE_LINE]
    settings = invoke("check", "--isolated", "--show-settings", "naive.py").stdout
    assert "  line-length: 88\n      from the default\n" in settings
    # --config's pairs still count, as in ruff; a configuration file cannot.
    assert reported("--isolated", "--config", "target-version = 'py311'", ".") == []
    write(workdir / "toolcfg.toml", "")
    result = invoke("check", "--isolated", "--config", "toolcfg.toml", ".")
    assert result.exit_code == 2
    assert "cannot be used with `--isolated`" in result.stderr


# --- --cache-dir, TOOLCFG_CACHE_DIR --------------------------------------------------------


def test_cache_dir_puts_the_cache_there(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    assert invoke("check", "--cache-dir", "elsewhere/cache", ".").exit_code == 1
    assert (workdir / "elsewhere" / "cache").is_dir()
    assert not (workdir / ".toolcfg_cache").exists()
    env = {"TOOLCFG_CACHE_DIR": str(workdir / "from-env")}
    assert make_runner().invoke(main, ["check", "."], env=env).exit_code == 1
    assert (workdir / "from-env").is_dir()
    assert not (workdir / ".toolcfg_cache").exists()
    # --no-cache wins over both.
    nothing = make_runner().invoke(main, ["check", "--no-cache", "--cache-dir", "c2", "."], env=env)
    assert nothing.exit_code == 1
    assert not (workdir / "c2").exists()


def test_a_run_from_the_cache_dir_reports_what_a_cold_one_does(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    cold = invoke("check", "--cache-dir", "c", ".")
    warm = invoke("check", "--cache-dir", "c", ".")
    assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
    assert list((workdir / "c").rglob(DATABASE))
    assert (workdir / "c" / ".gitignore").is_file()


# --- --add-noqa ---------------------------------------------------------------------------


def test_add_noqa_silences_every_finding_and_says_how_many(mixed: Path) -> None:
    result = invoke("check", "--add-noqa", ".")
    assert (result.exit_code, result.stdout) == (0, "")
    assert lines(result.stderr) == ["Added 3 noqa directives."]
    assert (mixed / "naive.py").read_text() == NAIVE.replace(
        "async def ask(question: str) -> str:",
        "async def ask(question: str) -> str:  # noqa: TCF001",
    )
    assert "configs][0]  # noqa: TCF002\n" in (mixed / "unfixable.py").read_text()
    assert invoke("check", ".").stdout == "All checks passed!\n"
    # Nothing left to silence: nothing added, nothing said.
    again = invoke("check", "--add-noqa", ".")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "")


def test_add_noqa_merges_into_an_existing_list_and_keeps_its_text(workdir: Path) -> None:
    source = NAIVE.replace(
        "async def ask(question: str) -> str:",
        "async def ask(question: str) -> str:  # noqa: E501 long",
    )
    path = write(workdir / "naive.py", source)
    result = invoke("check", "--add-noqa", "naive.py")
    assert lines(result.stderr) == ["Added 1 noqa directive."]
    assert "-> str:  # noqa: E501, TCF001 long\n" in path.read_text()


def test_add_noqa_with_a_reason(workdir: Path) -> None:
    path = write(workdir / "naive.py", NAIVE)
    assert invoke("check", "--add-noqa=vendored", "naive.py").exit_code == 0
    assert "-> str:  # noqa: TCF001 vendored\n" in path.read_text()


def test_add_noqa_without_a_reason_takes_the_next_word_as_a_path(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    other = write(workdir / "other" / "naive.py", NAIVE)
    assert invoke("check", "--add-noqa", "other").exit_code == 0
    assert "# noqa: TCF001\n" in other.read_text()
    assert (workdir / "naive.py").read_text() == NAIVE


def test_add_noqa_matches_ruffs_merge(tmp_path: Path) -> None:
    """The same lines, each with its own shape of comment, through ruff and toolcfg."""
    # (A list followed by words is merged too, but ruff drops the words, which toolcfg
    # keeps: see test_add_noqa_merges_into_an_existing_list_and_keeps_its_text.)
    shapes = ["", "  # noqa: E501", "  # a comment", "  # noqa", "  # noqa: Z999"]
    for number, comment in enumerate(shapes):
        write(tmp_path / "ruff" / f"t{number}.py", f"import os{comment}\n")
        source = NAIVE.replace("-> str:\n", f"-> str:{comment}\n", 1)
        write(tmp_path / "ours" / f"t{number}.py", source)
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F401", "--add-noqa"],
        cwd=tmp_path / "ruff",
        capture_output=True,
        check=True,
    )
    assert invoke("check", "--add-noqa", str(tmp_path / "ours")).exit_code == 0
    for number in range(len(shapes)):
        ruff = (tmp_path / "ruff" / f"t{number}.py").read_text().splitlines()[0]
        ours = (tmp_path / "ours" / f"t{number}.py").read_text().splitlines()[3]
        added = ruff[len("import os") :].replace("F401", "TCF001")
        assert ours[len("async def ask(question: str) -> str:") :] == added


@pytest.mark.parametrize("flag", ["--fix", "--diff", "--statistics", "--show-settings"])
def test_add_noqa_refuses_what_ruff_refuses(workdir: Path, flag: str) -> None:
    path = write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--add-noqa", flag, "naive.py")
    assert result.exit_code == 2
    assert f"--add-noqa cannot be used with {flag}" in result.stderr
    assert path.read_text() == NAIVE


def test_add_noqa_leaves_a_line_that_cannot_end_with_a_comment(workdir: Path) -> None:
    source = '''\
from langchain_core.tools import tool

@tool
async def ask(question: str) \\
        -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content
'''
    path = write(workdir / "naive.py", source)
    result = invoke("check", "--add-noqa", "naive.py")
    assert (result.exit_code, result.stderr) == (0, "")
    assert path.read_text() == source


# --- --show-fixes, and a fix's line length without a formatter ------------------------------


def test_show_fixes_lists_every_file_fix_wrote_helpers_included(workdir: Path) -> None:
    write_helper_project(workdir)
    result = invoke("check", "--fix", "--show-fixes", ".")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        "Fixed 1 problem:",
        "- helpers.py:",
        "    changed by a fix in another file (a helper it calls)",
        "- tools.py:",
        "    1 × TCF001 (tool-missing-config)",
        "Found 1 problem (1 fixed, 0 remaining).",
    ]


@pytest.mark.parametrize(
    "configuration, left",
    [
        ("", ["line 6", "line 8"]),
        ("[tool.ruff]\nline-length = 120\n", []),
        # (isort, configured as ruff's, wraps the new import at 60 too.)
        ("[tool.ruff]\nline-length = 60\n", ["line 9", "line 11"]),
        ("[tool.black]\nline-length = 120\n", []),
        ("[tool.ruff]\nline-length = 60\n[tool.toolcfg]\nline-length = 120\n", []),
    ],
)
def test_without_a_formatter_lines_are_too_long_by_the_configured_line_length(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, configuration: str, left: list[str]
) -> None:
    """Not by 88 whatever the project says: ruff's (or Black's) line-length is the one a
    line is too long by, even when the formatter itself is not installed."""
    monkeypatch.setattr(toolcfg.formatters.Formatters, "runnable", lambda self, name: None)
    write(workdir / "pyproject.toml", configuration)
    write(workdir / "naive.py", NAIVE.replace("async def ask", "async def ask_a_question"))
    result = invoke("check", "--fix", "--no-cache", "naive.py")
    assert result.exit_code == 0
    assert lines(result.stderr) == [
        f"warning: naive.py: {where} left too long: no formatter to lay it out" for where in left
    ]


# --- ruff's short and negative spellings, and the environment -------------------------------


def test_short_flags_e_and_n(mixed: Path) -> None:
    result = invoke("check", "-e", "-n", ".")
    assert result.exit_code == 0
    assert lines(result.stdout)[0] == NAIVE_LINE
    assert not (mixed / ".toolcfg_cache").exists()
    env = {"TOOLCFG_NO_CACHE": "1"}
    assert make_runner().invoke(main, ["check", "."], env=env).exit_code == 1
    assert not (mixed / ".toolcfg_cache").exists()


def test_output_format_from_the_environment_and_the_flag_first(mixed: Path) -> None:
    env = {"TOOLCFG_OUTPUT_FORMAT": "pylint"}
    result = make_runner().invoke(main, ["check", "naive.py"], env=env)
    assert lines(result.stdout) == [f"naive.py:4: [TCF001] {NAIVE_TEXT}"]
    flag = make_runner().invoke(main, ["check", "--output-format", "json", "naive.py"], env=env)
    assert json.loads(flag.stdout)[0]["code"] == "TCF001"


def test_respect_gitignore_flags_override_the_setting(workdir: Path) -> None:
    subprocess.run(["git", "init", "-q", str(workdir)], check=True, capture_output=True)
    write(workdir / ".gitignore", "ignored/\n")
    write(workdir / "ignored" / "naive.py", NAIVE)
    assert reported(".") == []
    assert reported("--no-respect-gitignore", ".") == [f"ignored/{NAIVE_LINE}"]
    write(workdir / "pyproject.toml", "[tool.toolcfg]\nrespect-gitignore = false\n")
    assert reported(".") == [f"ignored/{NAIVE_LINE}"]
    assert reported("--respect-gitignore", ".") == []


def test_config_pair_patterns_are_relative_to_the_working_directory(workdir: Path) -> None:
    write(workdir / "proj" / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF0"]\n')
    write(workdir / "proj" / "src" / "naive.py", NAIVE)
    write(workdir / "proj" / "keep" / "src" / "naive.py", NAIVE)
    pair = "extend-exclude = ['proj/src/']"
    assert reported("--config", pair, "proj") == [f"proj/keep/src/{NAIVE_LINE}"]


def test_add_noqa_refuses_standard_input(workdir: Path) -> None:
    result = invoke("check", "--add-noqa", "-", input=NAIVE.encode())
    assert result.exit_code == 2
    assert "--add-noqa cannot be used with standard input" in result.stderr
