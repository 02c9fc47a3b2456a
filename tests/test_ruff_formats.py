"""The output formats as ruff writes them (issue 22): ``json``'s keys, ``json-lines``,
``junit``, ``gitlab``, ``github``, ``azure``, ``pylint``, ``grouped`` and ``rdjson``.

Each is compared with ruff's own output (ruff is a test dependency) on a file with one
finding: the shape must be ruff's, with toolcfg's code, name and message in it. Failures are
covered in every format by ``test_output_formats.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from support import (
    NAIVE,
    NAIVE_TEXT,
    UNFIXABLE,
    UNFIXABLE_MESSAGE,
    invoke,
    lines,
    make_runner,
    write,
)

from toolcfg.cli import main

RUFF = (sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F401")


def _ruff(root: Path, output_format: str, source: str = "import os\n") -> str:
    """ruff's report, in ``output_format``, of ``t.py`` holding ``source`` (F401)."""
    write(root / "t.py", source)
    done = subprocess.run(
        [*RUFF, "--output-format", output_format, "t.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _ours(root: Path, output_format: str, *paths: str) -> str:
    result = invoke("check", "--output-format", output_format, *(paths or (".",)))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture
def naive(workdir: Path) -> Path:
    write(workdir / "naive.py", NAIVE)
    return workdir


def _shape(value: Any) -> Any:
    """The keys of a JSON value, recursively, in their order; lists by their first item."""
    if isinstance(value, dict):
        return [(key, _shape(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__ if value is not None else "null"


# --- json, json-lines ---------------------------------------------------------------------


def test_json_items_have_ruffs_keys(naive: Path, tmp_path: Path) -> None:
    [theirs] = json.loads(_ruff(tmp_path / "ruff", "json"))
    [ours] = json.loads(_ours(naive, "json"))
    assert list(ours) == list(theirs)
    assert list(ours["fix"]) == list(theirs["fix"])
    assert list(ours["fix"]["edits"][0]) == list(theirs["fix"]["edits"][0])
    assert list(ours["location"]) == list(theirs["location"])
    assert (
        (ours["cell"], ours["severity"])
        == (theirs["cell"], theirs["severity"])
        == (
            None,
            "error",
        )
    )
    assert ours["filename"] == str(naive / "naive.py")
    assert theirs["filename"] == str(tmp_path / "ruff" / "t.py")


def test_json_lines_is_each_json_item_on_a_line(naive: Path, tmp_path: Path) -> None:
    write(naive / "unfixable.py", UNFIXABLE)
    items = json.loads(_ours(naive, "json"))
    assert [json.loads(line) for line in lines(_ours(naive, "json-lines"))] == items
    [theirs] = lines(_ruff(tmp_path / "ruff", "json-lines"))
    [ours, _] = lines(_ours(naive, "json-lines"))
    # Compact, keys in ruff's order.
    assert ours.startswith('{"cell":null,"code":"TCF001","end_location":{"column":14,"row":4},')
    assert _shape(json.loads(ours)) == _shape(json.loads(theirs))


# --- junit --------------------------------------------------------------------------------


def _skeleton(element: ElementTree.Element) -> Any:
    """An XML tree's tags and attribute names, in order."""
    return (element.tag, list(element.attrib), [_skeleton(child) for child in element])


def test_junit_has_ruffs_shape(naive: Path, tmp_path: Path) -> None:
    theirs = _ruff(tmp_path / "ruff", "junit")
    ours = _ours(naive, "junit")
    assert ours.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="toolcfg"')
    assert _skeleton(ElementTree.fromstring(ours)) == _skeleton(ElementTree.fromstring(theirs))
    suites = ElementTree.fromstring(ours)
    assert suites.attrib == {
        "name": "toolcfg",
        "tests": "1",
        "skipped": "0",
        "failures": "1",
        "errors": "0",
    }
    [suite] = suites
    assert (suite.get("name"), suite.get("package")) == (str(naive / "naive.py"), "org.toolcfg")
    [case] = suite
    assert case.attrib == {
        "name": "org.toolcfg.TCF001",
        "classname": str(naive / "naive"),
        "line": "4",
        "column": "11",
    }
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == NAIVE_TEXT
    assert failure.text == f"line 4, col 11, {NAIVE_TEXT}"
    # ruff's indentation, line for line.
    assert [len(line) - len(line.lstrip()) for line in lines(ours)] == [
        len(line) - len(line.lstrip()) for line in lines(theirs)
    ]


def test_junit_of_a_clean_run_is_one_passing_case(workdir: Path, tmp_path: Path) -> None:
    theirs = _ruff(tmp_path / "ruff", "junit", source="x = 1\n")
    write(workdir / "clean.py", "x = 1\n")
    ours = _ours(workdir, "junit")
    assert ours.strip() == theirs.strip().replace("ruff", "toolcfg")


def test_junit_escapes_what_xml_must(workdir: Path) -> None:
    write(workdir / "a&b.py", NAIVE)
    suites = ElementTree.fromstring(_ours(workdir, "junit"))
    [case] = suites.iter("testcase")
    assert case.get("classname") == str(workdir / "a&b")
    assert "< 1.4.8" in (case.find("failure").get("message") or "")  # type: ignore[union-attr]


# --- gitlab -------------------------------------------------------------------------------


def test_gitlab_has_ruffs_shape(naive: Path, tmp_path: Path) -> None:
    [theirs] = json.loads(_ruff(tmp_path / "ruff", "gitlab"))
    [ours] = json.loads(_ours(naive, "gitlab"))
    assert _shape(ours) == _shape(theirs)
    assert {key: value for key, value in ours.items() if key != "fingerprint"} == {
        "check_name": "TCF001",
        "description": f"TCF001: {NAIVE_TEXT}",
        "severity": "major",
        "location": {
            "path": "naive.py",
            "positions": {"begin": {"line": 4, "column": 11}, "end": {"line": 4, "column": 14}},
        },
    }
    assert re.fullmatch(r"[0-9a-f]{16}", ours["fingerprint"])


def test_gitlab_fingerprints_are_unique_and_survive_lines_moving(workdir: Path) -> None:
    second = NAIVE + NAIVE.split("\n", 2)[2].replace("def ask", "def other")
    path = write(workdir / "two.py", second)
    first = [issue["fingerprint"] for issue in json.loads(_ours(workdir, "gitlab"))]
    assert len(first) == len(set(first)) == 2
    path.write_text("\n\n" + second)
    moved = [issue["fingerprint"] for issue in json.loads(_ours(workdir, "gitlab"))]
    assert moved == first


def test_gitlab_paths_are_relative_to_ci_project_dir(naive: Path) -> None:
    (naive / "sub").mkdir()
    result = make_runner().invoke(
        main,
        ["check", "--output-format", "gitlab", str(naive / "naive.py")],
        env={"CI_PROJECT_DIR": str(naive.parent)},
    )
    [issue] = json.loads(result.stdout)
    assert issue["location"]["path"] == f"{naive.name}/naive.py"


# --- github, azure, pylint, grouped ---------------------------------------------------------


def _template(line: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        line = line.replace(old, new)
    return line


def test_github_annotation_is_ruffs_with_toolcfgs_title(naive: Path, tmp_path: Path) -> None:
    [theirs] = lines(_ruff(tmp_path / "ruff", "github"))
    [ours] = lines(_ours(naive, "github"))
    assert ours.startswith("::error title=toolcfg (TCF001),file=")
    # The same properties, in the same order, and the same message: path:line:col: CODE ...
    shape = r"::error title=\w+ \((\w+)\),file=([^,]+),line=\d+,col=\d+,endLine=\d+,endColumn=\d+::"
    theirs_match = re.match(shape + r"(\S+):\d+:\d+: \1 ", theirs)
    ours_match = re.match(shape + r"(\S+):\d+:\d+: \1 ", ours)
    assert theirs_match and ours_match
    assert ours_match.group(2) == str(naive / "naive.py")
    assert theirs_match.group(2) == str(tmp_path / "ruff" / "t.py")
    assert ours.endswith("%0A  help: Add a config parameter and forward it")
    assert "%0A  help: " in theirs


def test_azure_logging_command_is_ruffs(naive: Path, tmp_path: Path) -> None:
    [theirs] = lines(_ruff(tmp_path / "ruff", "azure"))
    [ours] = lines(_ours(naive, "azure"))
    assert ours == (
        f"##vso[task.logissue type=error;sourcepath={naive}/naive.py;linenumber=4;"
        f"columnnumber=11;code=TCF001;]{NAIVE_TEXT}"
    )
    assert theirs == (
        f"##vso[task.logissue type=error;sourcepath={tmp_path}/ruff/t.py;linenumber=1;"
        "columnnumber=8;code=F401;]`os` imported but unused"
    )


def test_pylint_line_is_ruffs(naive: Path, tmp_path: Path) -> None:
    [theirs] = lines(_ruff(tmp_path / "ruff", "pylint"))
    assert theirs == "t.py:1: [F401] `os` imported but unused"
    assert lines(_ours(naive, "pylint")) == [f"naive.py:4: [TCF001] {NAIVE_TEXT}"]


def test_grouped_lists_each_files_findings_under_its_name(workdir: Path, tmp_path: Path) -> None:
    theirs = lines(_ruff(tmp_path / "ruff", "grouped"))
    assert theirs[:3] == ["t.py:", "  1:8 F401 [*] `os` imported but unused", ""]
    write(workdir / "naive.py", NAIVE)
    write(workdir / "unfixable.py", UNFIXABLE)
    two = NAIVE + "\n" * 6 + NAIVE.split("\n", 2)[2].replace("def ask", "def other")
    write(workdir / "two.py", two)
    result = invoke("check", "--output-format", "grouped", ".")
    assert result.exit_code == 1
    other = NAIVE_TEXT.replace("`ask`", "`other`")
    assert lines(result.stdout) == [
        "naive.py:",
        f"  4:11 TCF001 [*] {NAIVE_TEXT}",
        "",
        "two.py:",
        f"  4:11  TCF001 [*] {NAIVE_TEXT}",
        f"  14:11 TCF001 [*] {other}",
        "",
        "unfixable.py:",
        f"  7:26 {UNFIXABLE_MESSAGE}",
        "",
        "Found 4 problems (3 fixable with --fix).",
    ]


# --- rdjson -------------------------------------------------------------------------------


def test_rdjson_has_ruffs_shape(naive: Path, tmp_path: Path) -> None:
    theirs = json.loads(_ruff(tmp_path / "ruff", "rdjson"))
    ours = json.loads(_ours(naive, "rdjson"))
    assert _shape(ours) == _shape(theirs)
    assert ours["source"] == {"name": "toolcfg", "url": "https://github.com/toolcfg/toolcfg"}
    [diagnostic] = ours["diagnostics"]
    assert diagnostic["code"] == {
        "url": "https://github.com/toolcfg/toolcfg#tcf001",
        "value": "TCF001",
    }
    assert diagnostic["location"]["path"] == str(naive / "naive.py")
    # The fix's edits in the finding's own file, as suggestions.
    assert [item["text"] for item in diagnostic["suggestions"]] == [
        "from langchain_core.callbacks import Callbacks\n"
        "from langchain_core.runnables import RunnableConfig, patch_config\n",
        ", config: RunnableConfig, callbacks: Callbacks = None",
        ", config=patch_config(config, callbacks=callbacks)",
    ]
