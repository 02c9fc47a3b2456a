"""``[tool.toolcfg]`` settings, ``--config``, exclusions, ``.gitignore`` and ``--force-exclude``.

Each file is checked with the settings of the nearest ``pyproject.toml`` above it that has
a ``[tool.toolcfg]`` table; patterns are gitignore-style and relative to that file's
directory; command-line flags override the configuration.

Settings are read once per run (a ``Resolver``), so a test may edit its configuration
between two runs; the ``.gitignore`` lookups are cached per process, so every test writes its
``.gitignore`` files before its first run and never changes them afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import (
    BOTH,
    FOREIGN_CONFIG,
    FOREIGN_MESSAGE,
    NAIVE,
    NAIVE_MESSAGE,
    NAIVE_TEXT,
    WHERE,
    invoke,
    lines,
    write,
)

from toolcfg.filesettings import DEFAULT_LINE_LENGTH
from toolcfg.settings import Overrides, Resolver

# BOTH: a TCF001 tool (6:11) and a TCF002 call (17:25) in one file.
TCF001_TEXT = (
    "TCF001 [*] Async tool `search` takes no `RunnableConfig` parameter, "
    "so 1 runnable call drops the caller's config" + WHERE
)
TCF002_TEXT = "TCF002 [*] `model.ainvoke()` does not forward `config` in async tool `other`" + WHERE


def tcf001(path: str) -> str:
    return f"{path}:6:11: {TCF001_TEXT}"


def tcf002(path: str) -> str:
    return f"{path}:17:25: {TCF002_TEXT}"


def findings(*args: str) -> list:
    """The finding lines of a run that succeeds (exit 0 or 1), without the summary."""
    result = invoke("check", *args)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr == ""
    return lines(result.stdout)[:-1]


def git_init(path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(path)], check=True, capture_output=True)


# --- nearest pyproject.toml --------------------------------------------------------------


def test_nested_projects_each_use_their_nearest_config(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    write(
        workdir / "child" / "pyproject.toml",
        '[tool.toolcfg]\nselect = ["TCF0"]\nignore = ["TCF001"]\n',
    )
    for directory in ("", "child", "child/sub"):
        write(workdir / directory / "both.py", BOTH)
    assert findings(".") == [
        tcf001("both.py"),
        tcf002("child/both.py"),
        tcf002("child/sub/both.py"),
    ]


def test_nested_config_applies_whatever_directory_the_run_starts_from(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    write(workdir / "child" / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF002"]\n')
    write(workdir / "both.py", BOTH)
    write(workdir / "child" / "both.py", BOTH)
    assert findings("child/both.py", "both.py") == [tcf001("both.py"), tcf002("child/both.py")]


def test_child_pyproject_without_toolcfg_table_falls_through_to_parent(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    write(workdir / "child" / "pyproject.toml", '[project]\nname = "child"\n\n[tool.ruff]\n')
    write(workdir / "child" / "both.py", BOTH)
    assert findings(".") == [tcf001("child/both.py")]


def test_no_config_uses_defaults(workdir: Path) -> None:
    write(workdir / "proj" / "pyproject.toml", '[project]\nname = "proj"\n')
    write(workdir / "proj" / "both.py", BOTH)
    assert findings("proj") == [tcf001("proj/both.py"), tcf002("proj/both.py")]


# --- exclude, extend-exclude, per-file-ignores -------------------------------------------


def test_exclude_patterns_are_relative_to_the_config_directory(workdir: Path) -> None:
    write(
        workdir / "proj" / "pyproject.toml", '[tool.toolcfg]\nexclude = ["gen/", "sub/skip.py"]\n'
    )
    for name in ("keep.py", "gen/a.py", "sub/skip.py", "other/sub/skip.py"):
        write(workdir / "proj" / name, NAIVE)
    # Run from above the project: the anchored pattern only matches proj/sub/skip.py.
    assert findings("proj") == [
        f"proj/keep.py:4:11: {NAIVE_MESSAGE}",
        f"proj/other/sub/skip.py:4:11: {NAIVE_MESSAGE}",
    ]


def test_exclude_replaces_the_default_exclusions(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nexclude = ["gen/"]\n')
    write(workdir / "gen" / "naive.py", NAIVE)
    write(workdir / "build" / "naive.py", NAIVE)
    assert findings(".") == [f"build/naive.py:4:11: {NAIVE_MESSAGE}"]


def test_extend_exclude_keeps_the_default_exclusions(workdir: Path) -> None:
    write(
        workdir / "proj" / "pyproject.toml",
        '[tool.toolcfg]\nextend-exclude = ["gen/", "*_pb2.py"]\n',
    )
    for name in ("keep.py", "gen/a.py", "build/a.py", ".venv/a.py", "deep/api_pb2.py"):
        write(workdir / "proj" / name, NAIVE)
    assert findings("proj") == [f"proj/keep.py:4:11: {NAIVE_MESSAGE}"]


def test_per_file_ignores_are_relative_to_the_config_directory(workdir: Path) -> None:
    write(
        workdir / "proj" / "pyproject.toml",
        '[tool.toolcfg.per-file-ignores]\n"tests/*" = ["TCF001"]\n"test_*.py" = ["TCF0"]\n',
    )
    for name in ("tests/both.py", "other/tests/both.py", "lib/test_both.py", "lib/both.py"):
        write(workdir / "proj" / name, BOTH)
    assert findings("proj") == [
        tcf001("proj/lib/both.py"),
        tcf002("proj/lib/both.py"),
        tcf001("proj/other/tests/both.py"),
        tcf002("proj/other/tests/both.py"),
        tcf002("proj/tests/both.py"),
    ]


def test_per_file_ignores_win_over_a_more_specific_select(workdir: Path) -> None:
    # As in ruff, per-file-ignores remove rules after selection, whatever their prefix:
    # `select = ["TCF001"]` does not bring TCF001 back in files that ignore "TCF0".
    write(
        workdir / "pyproject.toml",
        '[tool.toolcfg]\nselect = ["TCF001"]\n\n'
        '[tool.toolcfg.per-file-ignores]\n"tests/*" = ["TCF0"]\n',
    )
    write(workdir / "tests" / "both.py", BOTH)
    write(workdir / "both.py", BOTH)
    assert findings(".") == [tcf001("both.py")]


# --- output-format -----------------------------------------------------------------------


def test_output_format_from_config(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\noutput-format = "json"\n')
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert [(item["filename"], item["code"]) for item in json.loads(result.stdout)] == [
        (str(workdir / "naive.py"), "TCF001")
    ]


def test_output_format_flag_overrides_config(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\noutput-format = "json"\n')
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--output-format", "github", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"::error title=toolcfg (TCF001),file={workdir / 'naive.py'},line=4,col=11,"
        f"endLine=4,endColumn=14::naive.py:4:11: TCF001 {NAIVE_TEXT}"
        "%0A  help: Add a config parameter and forward it"
    ]


# --- flags override the configuration ---------------------------------------------------


def test_select_flag_replaces_configured_select(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF002"]\n')
    write(workdir / "both.py", BOTH)
    assert findings(".") == [tcf002("both.py")]
    assert findings("--select", "TCF001", ".") == [tcf001("both.py")]


def test_ignore_and_extend_select_flags_add_to_configured_ones(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\nignore = ["TCF1"]\n')
    write(workdir / "both.py", BOTH)
    assert findings("--extend-select", "TCF002", ".") == [tcf001("both.py"), tcf002("both.py")]
    assert findings("--extend-select", "TCF002", "--ignore", "TCF001", ".") == [tcf002("both.py")]


def test_select_flag_discards_configured_ignore(workdir: Path) -> None:
    # As ruff documents it: "`ruff --select F401` will select rule F401, and ignore any of
    # the modifiers from the pyproject.toml, as the highest-priority select kicks off the
    # resolution".
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nignore = ["TCF001"]\n')
    write(workdir / "both.py", BOTH)
    assert findings(".") == [tcf002("both.py")]
    assert findings("--select", "TCF001", ".") == [tcf001("both.py")]


# --- --config ----------------------------------------------------------------------------


def test_config_flag_replaces_discovery(workdir: Path) -> None:
    write(workdir / "proj" / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    write(workdir / "proj" / "both.py", BOTH)
    write(workdir / "configs" / "toolcfg.toml", 'select = ["TCF002"]\n')
    assert findings("proj") == [tcf001("proj/both.py")]
    assert findings("--config", "configs/toolcfg.toml", "proj") == [tcf002("proj/both.py")]


def test_config_flag_patterns_are_relative_to_the_config_directory(workdir: Path) -> None:
    # Run from above proj: "src/gen/" is anchored, so it matches proj/src/gen only.
    write(workdir / "proj" / "pyproject.toml", '[tool.toolcfg]\nextend-exclude = ["src/gen/"]\n')
    write(workdir / "proj" / "src" / "gen" / "naive.py", NAIVE)
    write(workdir / "proj" / "keep.py", NAIVE)
    write(workdir / "elsewhere" / "src" / "gen" / "naive.py", NAIVE)
    assert findings("--config", "proj/pyproject.toml", "proj", "elsewhere") == [
        f"elsewhere/src/gen/naive.py:4:11: {NAIVE_MESSAGE}",
        f"proj/keep.py:4:11: {NAIVE_MESSAGE}",
    ]


def test_config_flag_with_missing_file_exits_2(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--config", "missing.toml", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "missing.toml" in result.stderr


# --- bad configuration -------------------------------------------------------------------


def test_unknown_setting_exits_2_naming_the_file(workdir: Path) -> None:
    config = write(workdir / "proj" / "pyproject.toml", '[tool.toolcfg]\nselct = ["TCF001"]\n')
    write(workdir / "proj" / "naive.py", NAIVE)
    result = invoke("check", "proj")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {config}: unknown setting 'selct' in [tool.toolcfg]\n"


def test_unknown_setting_in_the_working_directory_exits_2(workdir: Path) -> None:
    config = write(workdir / "pyproject.toml", "[tool.toolcfg]\nindent-width = 4\n")
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {config}: unknown setting 'indent-width' in [tool.toolcfg]\n"


def test_bad_toml_exits_2_naming_the_file(workdir: Path) -> None:
    config = write(workdir / "proj" / "pyproject.toml", "[tool.toolcfg\nselect = 1\n")
    write(workdir / "proj" / "naive.py", NAIVE)
    result = invoke("check", "proj")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"error: {config}: ")
    assert len(lines(result.stderr)) == 1


def test_bad_toml_given_with_config_flag_exits_2_naming_the_file(workdir: Path) -> None:
    write(workdir / "bad.toml", "select = [\n")
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--config", "bad.toml", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: bad.toml: ")


@pytest.mark.parametrize(
    "setting, message",
    [
        # A code or prefix of no rule would select nothing, or ignore nothing, silently.
        ('select = ["E501"]', "unknown rule selector `E501` in `select`"),
        ('select = ["TCF001", "TCF999"]', "unknown rule selector `TCF999` in `select`"),
        ('extend-select = ["TCF0001"]', "unknown rule selector `TCF0001` in `extend-select`"),
        ('ignore = ["tcf99"]', "unknown rule selector `tcf99` in `ignore`"),
        ('ignore = ["T"]', "unknown rule selector `T` in `ignore`"),
        ('select = [""]', "unknown rule selector `` in `select`"),
        (
            '[tool.toolcfg.per-file-ignores]\n"tests/*" = ["TCF001", "TCF999"]',
            "unknown rule selector `TCF999` in `per-file-ignores` for 'tests/*'",
        ),
        (
            '[tool.toolcfg.extend-per-file-ignores]\n"a.py" = ["TCF9000"]',
            "unknown rule selector `TCF9000` in `extend-per-file-ignores` for 'a.py'",
        ),
        (
            'output-format = "xml"',
            "output-format must be one of concise, full, json, json-lines, junit, grouped, "
            "github, gitlab, pylint, rdjson, azure, sarif",
        ),
        # Wrong types name the key; they used to end in a traceback (`select = 3`) or be
        # read as what the user did not mean (`exclude = "build"`: five one-letter patterns).
        ("select = 3", "`select` must be a list of strings"),
        ('ignore = "TCF001"', "`ignore` must be a list of strings"),
        ("extend-select = [1]", "`extend-select` must be a list of strings"),
        ('exclude = "build"', "`exclude` must be a list of strings"),
        ("extend-exclude = {}", "`extend-exclude` must be a list of strings"),
        ('respect-gitignore = "no"', "`respect-gitignore` must be true or false"),
        (
            '[tool.toolcfg.per-file-ignores]\n"a/*" = [1]',
            "`per-file-ignores` must be a table of code lists",
        ),
    ],
)
def test_invalid_setting_value_exits_2_naming_the_file(
    workdir: Path, setting: str, message: str
) -> None:
    config = write(workdir / "proj" / "pyproject.toml", f"[tool.toolcfg]\n{setting}\n")
    write(workdir / "proj" / "naive.py", NAIVE)
    result = invoke("check", "proj")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"error: {config}: {message}\n",
    )


# --- a bad configuration that governs no checked file ----------------------------------

# A cookiecutter template's pyproject.toml is Jinja, not TOML; one that is TOML may still hold
# settings that are not toolcfg's to read (a template's placeholder values).
TEMPLATE_CONFIGS = {
    "jinja": '[project]\nname = "{{ cookiecutter.name }}"\n{% if cookiecutter.ci %}\n',
    "bad setting": '[tool.toolcfg]\nselect = ["TCF999"]\n',
}

# A template that registers the project's `agent` as a LangGraph node.
TEMPLATE_GRAPH = """\
from langgraph.graph import StateGraph

from app.nodes import agent

builder = StateGraph(dict)
builder.add_node("agent", agent)
"""

NODE = """\
async def agent(state):
    return {"m": await llm.ainvoke(state["m"])}
"""


def _project_with_template(root: Path, template_config: str) -> Path:
    """A project whose ``src`` holds a naive tool, and a template whose configuration is
    ``template_config``; returns the template's ``pyproject.toml``."""
    write(root / "pyproject.toml", '[project]\nname = "app"\n')
    write(root / "src" / "app" / "naive.py", NAIVE)
    write(root / "templates" / "{{cookiecutter.name}}" / "graph.py", TEMPLATE_GRAPH)
    return write(root / "templates" / "{{cookiecutter.name}}" / "pyproject.toml", template_config)


@pytest.mark.parametrize("template_config", TEMPLATE_CONFIGS.values(), ids=list(TEMPLATE_CONFIGS))
def test_a_bad_configuration_that_governs_no_checked_file_is_not_read(
    workdir: Path, template_config: str
) -> None:
    _project_with_template(workdir, template_config)
    result = invoke("check", "src")
    assert (result.exit_code, result.stderr) == (1, "")
    assert lines(result.stdout) == [
        f"src/app/naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_files_under_a_bad_configuration_are_left_out_of_the_index(workdir: Path) -> None:
    # The template registers the project's function as a node, but its files are not read:
    # what its configuration excludes, or which settings they have, cannot be known.
    _project_with_template(workdir, TEMPLATE_CONFIGS["jinja"])
    write(workdir / "src" / "app" / "nodes.py", NODE)
    result = invoke("check", "src/app/nodes.py")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "All checks passed!\n", "")
    # The same template under a configuration that can be read registers the node.
    _project_with_template(workdir, '[project]\nname = "template"\n')
    result = invoke("check", "src/app/nodes.py")
    assert result.exit_code == 1
    assert lines(result.stdout)[0].startswith("src/app/nodes.py:1:11: TCF041 ")


@pytest.mark.parametrize(
    "template_config, message",
    [
        # (tomllib's own words follow, and differ between Python versions.)
        (TEMPLATE_CONFIGS["jinja"], "invalid TOML: "),
        (TEMPLATE_CONFIGS["bad setting"], "unknown rule selector `TCF999` in `select`"),
    ],
    ids=list(TEMPLATE_CONFIGS),
)
def test_a_bad_configuration_below_a_checked_directory_is_an_error_for_its_files(
    workdir: Path, template_config: str, message: str
) -> None:
    # Its files are checked, so the error names the file and what is wrong in it; the
    # other files are still checked.
    _project_with_template(workdir, template_config)
    config = Path("templates") / "{{cookiecutter.name}}" / "pyproject.toml"
    result = invoke("check", ".")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {config}: {message}")
    assert len(lines(result.stderr)) == 1
    naive, failure, summary = lines(result.stdout)
    assert naive == f"src/app/naive.py:4:11: {NAIVE_MESSAGE}"
    assert failure.startswith(f"{config}:1:1: settings-error: {message}")
    assert summary == "Found 1 problem (1 fixable with --fix). 1 file could not be checked."


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_bad_configuration_below_a_checked_directory_keeps_machine_formats_parseable(
    workdir: Path, output_format: str
) -> None:
    config = _project_with_template(workdir, TEMPLATE_CONFIGS["bad setting"])
    result = invoke("check", "--output-format", output_format, ".")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    # The configuration is reported where findings are, as a settings error of its file.
    if output_format == "json":
        assert [finding["code"] for finding in document] == ["TCF001", "settings-error"]
    else:
        run = document["runs"][0]
        assert [finding["ruleId"] for finding in run["results"]] == ["TCF001", "settings-error"]
        notices = run["invocations"][0]["toolExecutionNotifications"]
        assert [notice["message"]["text"] for notice in notices] == [
            f"{config.relative_to(workdir)}: unknown rule selector `TCF999` in `select`"
        ]


def test_a_bad_configuration_of_a_named_file_stops_the_run(workdir: Path) -> None:
    config = _project_with_template(workdir, TEMPLATE_CONFIGS["bad setting"])
    result = invoke("check", "src", str(config.parent / "graph.py"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {config}: unknown rule selector `TCF999` in `select`\n"


# --- .gitignore --------------------------------------------------------------------------


def _gitignored_tree(root: Path) -> None:
    write(root / "kept.py", NAIVE)
    write(root / "ignored.py", NAIVE)
    write(root / "out" / "naive.py", NAIVE)
    write(root / "sub" / "deep.py", NAIVE)
    write(root / "sub" / "kept.py", NAIVE)
    write(root / ".gitignore", "ignored.py\nout/\n")
    write(root / "sub" / ".gitignore", "deep.py\n")


def test_gitignore_is_respected_inside_a_git_repository(workdir: Path) -> None:
    git_init(workdir)
    _gitignored_tree(workdir)
    assert findings(".") == [
        f"kept.py:4:11: {NAIVE_MESSAGE}",
        f"sub/kept.py:4:11: {NAIVE_MESSAGE}",
    ]


def test_gitignore_is_respected_in_a_subdirectory_of_the_repository(workdir: Path) -> None:
    git_init(workdir)
    _gitignored_tree(workdir)
    assert findings("sub") == [f"sub/kept.py:4:11: {NAIVE_MESSAGE}"]


def test_gitignore_outside_a_git_repository_is_not_respected(workdir: Path) -> None:
    _gitignored_tree(workdir)
    assert len(findings(".")) == 5


def test_respect_gitignore_false_checks_gitignored_files(workdir: Path) -> None:
    git_init(workdir)
    _gitignored_tree(workdir)
    write(workdir / "pyproject.toml", "[tool.toolcfg]\nrespect-gitignore = false\n")
    assert findings(".") == [
        f"ignored.py:4:11: {NAIVE_MESSAGE}",
        f"kept.py:4:11: {NAIVE_MESSAGE}",
        f"out/naive.py:4:11: {NAIVE_MESSAGE}",
        f"sub/deep.py:4:11: {NAIVE_MESSAGE}",
        f"sub/kept.py:4:11: {NAIVE_MESSAGE}",
    ]


# --- files named on the command line and --force-exclude ---------------------------------


@pytest.fixture
def excluded(workdir: Path) -> Path:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nextend-exclude = ["legacy/", "skip.py"]\n')
    write(workdir / "legacy" / "old.py", NAIVE)
    write(workdir / "skip.py", NAIVE)
    write(workdir / "kept.py", FOREIGN_CONFIG)
    return workdir


def test_excluded_file_named_on_the_command_line_is_checked(excluded: Path) -> None:
    assert findings("legacy/old.py", "skip.py", "kept.py") == [
        f"kept.py:7:25: {FOREIGN_MESSAGE}",
        f"legacy/old.py:4:11: {NAIVE_MESSAGE}",
        f"skip.py:4:11: {NAIVE_MESSAGE}",
    ]


def test_force_exclude_skips_excluded_file_named_on_the_command_line(excluded: Path) -> None:
    assert findings("--force-exclude", "legacy/old.py", "skip.py", "kept.py") == [
        f"kept.py:7:25: {FOREIGN_MESSAGE}",
    ]


def test_force_exclude_only_named_excluded_file_passes(excluded: Path) -> None:
    result = invoke("check", "--force-exclude", "skip.py")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_force_exclude_skips_gitignored_file_named_on_the_command_line(workdir: Path) -> None:
    git_init(workdir)
    write(workdir / ".gitignore", "ignored.py\n")
    write(workdir / "ignored.py", NAIVE)
    assert findings("ignored.py") == [f"ignored.py:4:11: {NAIVE_MESSAGE}"]
    result = invoke("check", "--force-exclude", "ignored.py")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


# ----- line-length: where the formatter lays out a line a fix made too long --------------

WIDE = '''\
from langchain_core.tools import tool


@tool
async def ask(q: str) -> str:
    """Answer."""
    return await model.ainvoke(q)
'''
#: The fixed signature is 82 columns wide and the fixed call 83: whole at 88, laid out by
#: the formatter at 80.
WHOLE = '''\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool


@tool
async def ask(q: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer."""
    return await model.ainvoke(q, config=patch_config(config, callbacks=callbacks))
'''
WRAPPED = '''\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool


@tool
async def ask(
    q: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer."""
    return await model.ainvoke(
        q, config=patch_config(config, callbacks=callbacks)
    )
'''


def fixed_wide(workdir: Path, *flags: str) -> str:
    path = write(workdir / "src" / "wide.py", WIDE)
    result = invoke("check", "--fix", "--no-cache", *flags, "src")
    assert result.exit_code == 0, result.output
    return path.read_text()


def test_a_fix_wraps_at_88_columns_by_default(workdir: Path) -> None:
    assert fixed_wide(workdir) == WHOLE


@pytest.mark.parametrize(
    "name, text",
    [
        ("pyproject.toml", "[tool.toolcfg]\nline-length = 80\n"),
        ("pyproject.toml", "[tool.ruff]\nline-length = 80\n"),
        ("pyproject.toml", "[tool.black]\nline-length = 80\n"),
        ("ruff.toml", "line-length = 80\n"),
        (".ruff.toml", "line-length = 80\n"),
    ],
)
def test_a_fix_wraps_at_the_configured_line_length(workdir: Path, name: str, text: str) -> None:
    write(workdir / name, text)
    assert fixed_wide(workdir) == WRAPPED


def test_the_closest_formatter_configuration_decides_the_line_length(workdir: Path) -> None:
    write(workdir / "ruff.toml", "line-length = 80\n")
    write(workdir / "src" / "pyproject.toml", "[tool.ruff]\nselect = ['E']\n")  # ruff's 88
    assert fixed_wide(workdir) == WHOLE


def test_a_ruff_configuration_that_extends_another_takes_its_line_length(workdir: Path) -> None:
    write(workdir / "shared" / "ruff.toml", "line-length = 80\n")
    write(workdir / "src" / "ruff.toml", 'extend = "../shared/ruff.toml"\n')
    assert fixed_wide(workdir) == WRAPPED


def test_the_line_length_flag_overrides_the_configuration(workdir: Path) -> None:
    write(workdir / "pyproject.toml", "[tool.toolcfg]\nline-length = 120\n")
    assert fixed_wide(workdir, "--line-length", "80") == WRAPPED


@pytest.mark.parametrize("value", ["0", "321", '"80"', "true"])
def test_a_bad_line_length_exits_2(workdir: Path, value: str) -> None:
    config = write(workdir / "pyproject.toml", f"[tool.toolcfg]\nline-length = {value}\n")
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {config}: line-length must be a whole number from 1 to 320\n"


def test_a_bad_line_length_flag_exits_2(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--line-length", "0", ".")
    assert result.exit_code == 2
    assert "--line-length" in result.stderr


def test_extend_per_file_ignores_add_to_per_file_ignores(workdir: Path) -> None:
    write(
        workdir / "pyproject.toml",
        '[tool.toolcfg.per-file-ignores]\n"a/*" = ["TCF001"]\n'
        '[tool.toolcfg.extend-per-file-ignores]\n"b/*" = ["TCF002"]\n',
    )
    for directory in ("a", "b"):
        write(workdir / directory / "both.py", BOTH)
    assert findings(".") == [tcf002("a/both.py"), tcf001("b/both.py")]


@pytest.mark.parametrize(
    "text, key",
    [
        ('[tool.toolcfg]\nper-file-ignores = ["TCF001"]\n', "per-file-ignores"),
        ('[tool.toolcfg.extend-per-file-ignores]\n"a/*" = "TCF001"\n', "extend-per-file-ignores"),
    ],
)
def test_malformed_per_file_ignores_exit_2(workdir: Path, text: str, key: str) -> None:
    config = write(workdir / "pyproject.toml", text)
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", ".")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {config}: `{key}` must be a table of code lists\n"


def test_a_bom_and_crlf_pyproject_is_read(workdir: Path) -> None:
    text = '[tool.toolcfg]\r\nselect = ["TCF002"]\r\n'
    write(workdir / "pyproject.toml", b"\xef\xbb\xbf" + text.encode())
    write(workdir / "both.py", BOTH)
    assert findings(".") == [tcf002("both.py")]


# --- the Resolver: once per run, once per configured directory ---------------------------


def test_a_new_run_sees_an_edited_configuration(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    write(workdir / "both.py", BOTH)
    resolver = Resolver()
    assert resolver.for_file(workdir / "both.py").selection[0].select == ("TCF001",)
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF002"]\n')
    # The same run keeps what it read; the next one reads the file again.
    assert resolver.for_file(workdir / "both.py").selection[0].select == ("TCF001",)
    assert Resolver().for_file(workdir / "both.py").selection[0].select == ("TCF002",)
    assert findings(".") == [tcf002("both.py")]


def test_directories_without_a_configuration_share_their_parents_settings(
    workdir: Path,
) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    for name in ("a/x.py", "a/b/y.py", "c/z.py", "d/requirements-dev.txt", "d/w.py"):
        write(workdir / name, "")
    resolver = Resolver()
    top = resolver.for_directory(workdir)
    for directory in ("a", "a/b", "c", "d"):
        assert resolver.for_directory(workdir / directory) is top


def test_names_without_a_configuration_file_inherit_without_looking(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF001"]\n')
    # The directory's own pyproject.toml is not looked at when its names do not list it...
    write(workdir / "sub" / "pyproject.toml", '[tool.toolcfg]\nselect = ["TCF002"]\n')
    resolver = Resolver()
    parent = resolver.for_directory(workdir)
    assert resolver.for_directory(workdir / "sub", ["a.py", "README.md"]) is parent
    # ...and is when they do.
    listed = Resolver().for_directory(workdir / "sub", ["a.py", "pyproject.toml"])
    assert listed.selection[0].select == ("TCF002",)


@pytest.mark.parametrize(
    "name",
    ["pyproject.toml", "ruff.toml", ".ruff.toml", "uv.lock", "poetry.lock", "requirements-x.txt"],
)
def test_each_settings_file_makes_a_directory_resolve_its_own(workdir: Path, name: str) -> None:
    write(workdir / "pyproject.toml", '[project]\nrequires-python = ">=3.10"\n')
    write(workdir / "sub" / name, "")
    resolver = Resolver()
    resolver.for_directory(workdir)
    calls: list[str] = []
    original = resolver._read

    def counting(directory: Path, above: Any) -> Any:
        calls.append(directory.name)
        return original(directory, above)

    resolver._read = counting  # type: ignore[method-assign]
    resolver.for_directory(workdir / "sub", [name, "a.py"])
    resolver.for_directory(workdir / "sub" / "deeper", ["b.py"])
    assert calls == ["sub"]


def test_cache_key_covers_what_changes_findings(workdir: Path) -> None:
    write(workdir / "a.py", "")

    def key(pyproject: str = "", overrides: Overrides | None = None) -> str:
        write(workdir / "pyproject.toml", pyproject)
        return Resolver(overrides or Overrides()).for_file(workdir / "a.py").cache_key()

    base = key()
    variants = [
        key('[tool.toolcfg]\nselect = ["TCF001"]\n'),
        key('[tool.toolcfg]\nignore = ["TCF001"]\n'),
        key('[tool.toolcfg]\nextend-select = ["TCF9"]\n'),
        key(overrides=Overrides(ignore=("TCF001",))),
        key('[tool.toolcfg.per-file-ignores]\n"a.py" = ["TCF001"]\n'),
        key(overrides=Overrides(target_version="py311")),
        key('[project]\nrequires-python = ">=3.12"\n'),
        key('[project]\ndependencies = ["langchain-core>=1.5"]\n'),
        key('[project]\ndependencies = ["langgraph>=1.2"]\n'),
    ]
    assert len({base, *variants}) == len(variants) + 1
    # What does not change findings does not change the key.
    assert key('[tool.toolcfg]\nline-length = 100\noutput-format = "json"\n') == base


def test_settings_import_nothing_above_them() -> None:
    code = (
        "import sys, toolcfg.settings; "
        "print(sorted(m for m in sys.modules if m.startswith(('toolcfg.codemods', "
        "'toolcfg.runner', 'toolcfg.cli', 'toolcfg.discovery'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
    assert DEFAULT_LINE_LENGTH == 88


# --- --show-settings ---------------------------------------------------------------------


def test_show_settings(workdir: Path) -> None:
    config = write(
        workdir / "pyproject.toml",
        "[project]\n"
        'requires-python = ">=3.10"\n'
        'dependencies = ["langchain-core>=1.5,<2"]\n'
        "[tool.toolcfg]\n"
        'ignore = ["TCF0"]\n'
        'extend-select = ["TCF001"]\n'
        "[tool.toolcfg.per-file-ignores]\n"
        '"tests/*" = ["TCF1"]\n'
        '"other/*" = ["TCF001"]\n'
        "[tool.ruff]\n"
        "line-length = 100\n",
    )
    write(workdir / "requirements.txt", "langgraph==1.2.24\n")
    write(workdir / "tests" / "test_a.py", NAIVE)
    result = invoke("check", "--show-settings", "--ignore", "TCF105", "tests/test_a.py")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Settings for tests/test_a.py\n"
        "  target-version: py310\n"
        f'      from `requires-python = ">=3.10"` in {config}\n'
        "  langchain-core: >=1.5,<2\n"
        f"      from `langchain-core>=1.5,<2` in `project.dependencies` of {config}\n"
        "  langgraph: ==1.2.24\n"
        f"      from `langgraph==1.2.24` in {workdir}/requirements.txt line 1\n"
        "  langchain: not declared, so any version\n"
        "  enabled: TCF001, TCF101, TCF102, TCF103, TCF104\n"
        '  per-file-ignores: "tests/*" = TCF1\n'
        "  enabled in this file: TCF001\n"
        "  fixable: all\n"
        "  line-length: 100\n"
        f"      from ruff's `line-length = 100` in {config}\n"
    )


@pytest.mark.parametrize(
    "files, flags, expected",
    [
        ({}, [], "88\n      from the default"),
        ({}, ["--line-length", "90"], "90\n      from `--line-length 90`"),
        (
            {"pyproject.toml": "[tool.toolcfg]\nline-length = 79\n"},
            [],
            "79\n      from `line-length = 79` in [tool.toolcfg] of {root}/pyproject.toml",
        ),
        (
            {"pyproject.toml": "[tool.black]\nline-length = 110\n"},
            [],
            "110\n      from Black's `line-length = 110` in {root}/pyproject.toml",
        ),
        (
            {
                "ruff.toml": "indent-width = 4\n",
                "pyproject.toml": "[tool.black]\nline-length = 1\n",
            },
            [],
            "88\n      from ruff's default, as {root}/ruff.toml sets none",
        ),
    ],
)
def test_show_settings_says_where_the_line_length_comes_from(
    workdir: Path, files: dict[str, str], flags: list[str], expected: str
) -> None:
    for name, text in files.items():
        write(workdir / name, text)
    result = invoke("check", "--show-settings", *flags, "a.py")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"  line-length: {expected.format(root=workdir)}\n")


def test_show_settings_without_per_file_ignores_and_with_nothing_enabled(workdir: Path) -> None:
    result = invoke("check", "--show-settings", "--ignore", "ALL", "a.py")
    assert result.exit_code == 0, result.output
    assert "  enabled: none\n  per-file-ignores: none match\n" in result.stdout


def test_show_settings_without_a_path_shows_the_current_directory(workdir: Path) -> None:
    """As ruff's: no path is the current directory, whose settings a file there gets."""
    write(workdir / "pyproject.toml", '[tool.toolcfg]\nline-length = 79\nignore = ["TCF1"]\n')
    result = invoke("check", "--show-settings")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Settings for .\n")
    assert result.stdout == invoke("check", "--show-settings", "a.py").stdout.replace(
        "Settings for a.py", "Settings for ."
    )
    assert "  line-length: 79\n" in result.stdout
    assert "TCF101" not in result.stdout


def test_show_settings_of_a_directory_are_those_of_its_files(workdir: Path) -> None:
    write(workdir / "pyproject.toml", "[tool.toolcfg]\nline-length = 79\n")
    write(workdir / "sub" / "pyproject.toml", "[tool.toolcfg]\nline-length = 99\n")
    result = invoke("check", "--show-settings", "sub")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Settings for sub\n")
    assert "  line-length: 99\n" in result.stdout


def test_show_settings_with_several_paths_shows_the_first(workdir: Path) -> None:
    """ruff prints the settings of one file; so does toolcfg, the first one named."""
    write(workdir / "sub" / "pyproject.toml", "[tool.toolcfg]\nline-length = 99\n")
    result = invoke("check", "--show-settings", "sub/a.py", "b.py")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Settings for sub/a.py\n")
    assert "  line-length: 99\n" in result.stdout
