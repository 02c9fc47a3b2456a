"""``scripts/sample_eval.py``: findings matched to hand labels, and the figures it derives.

A tiny made-up project with three naive tools is checked by the installed toolcfg; its
labels judge one finding a bite and one noise, leave one unlabelled, name a miss, and keep
a bite toolcfg no longer reports, so every count and ratio the script prints is pinned.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "sample_eval.py"

PYPROJECT = """\
[project]
name = "fake"
requires-python = ">=3.10"
dependencies = ["langchain-core>=0.3"]
"""

# Three naive async tools: TCF001 at lines 5, 11 and 17.
TOOLS = '''\
from langchain_core.tools import tool


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content


@tool
async def grade(answer: str) -> str:
    """Grade an answer."""
    return (await model.ainvoke(answer)).content


@tool
async def judge(answer: str) -> str:
    """Judge an answer."""
    return (await model.ainvoke(answer)).content
'''

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _script_module() -> Any:
    """The script as a module (registered first: its dataclasses look themselves up)."""
    if "sample_eval" in sys.modules:
        return sys.modules["sample_eval"]
    spec = importlib.util.spec_from_file_location("sample_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sample_eval"] = module
    spec.loader.exec_module(module)
    return module


sample_eval = _script_module()


def _finding(line: int, verdict: str, code: str = "TCF001") -> Dict[str, Any]:
    return {
        "path": "tools.py",
        "line": line,
        "code": code,
        "verdict": verdict,
        "shape": "async-tool",
        "note": "a judgement",
    }


LABELS: Dict[str, Any] = {
    "repo": "someone/fake",
    "commit": COMMIT,
    "kind": "sample",
    "findings": [
        _finding(5, "bites"),
        _finding(11, "noise"),
        # A bite at a place toolcfg does not report (any more): it is missed now.
        _finding(30, "bites", code="TCF041"),
    ],
    "misses": [
        {
            "path": "./graph.py",
            "line": 9,
            "function": "call_model",
            "expected": "TCF041",
            "shape": "node-in-other-module",
            "note": "a node that drops the config",
        }
    ],
}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A root with one checkout, ``fake``, and a labels directory holding its file."""
    checkout = tmp_path / "root" / "fake"
    (checkout / ".git").mkdir(parents=True)  # a clone's root marker, as the docstring asks
    (checkout / "pyproject.toml").write_text(PYPROJECT)
    (checkout / "tools.py").write_text(TOOLS)
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "fake.json").write_text(json.dumps(LABELS))
    return tmp_path


def _run(sample: Path, *extra: str) -> int:
    return int(
        sample_eval.main(
            ["--root", str(sample / "root"), "--labels", str(sample / "labels"), *extra]
        )
    )


def test_counts_and_ratios_in_json(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(sample, "--json") == 0
    report = json.loads(capsys.readouterr().out)
    (project,) = report["projects"]
    assert project["name"] == "fake"
    assert (project["findings"], project["bites"], project["noise"]) == (3, 1, 1)
    assert project["unlabelled"] == 1
    assert project["unlabelled_findings"][0]["line"] == 17
    # The labelled miss (its "./" is normalised away) and the bite no longer reported.
    assert project["missed"] == 2
    assert [(m["path"], m["line"], m["labelled_miss"]) for m in project["still_missed"]] == [
        ("graph.py", 9, True),
        ("tools.py", 30, False),
    ]
    assert project["precision"] == pytest.approx(0.5)
    assert project["recall"] == pytest.approx(1 / 3)
    assert report["total"]["precision"] == project["precision"]
    assert (project["error"], project["notes"]) == (None, [])


def test_a_miss_reported_now_is_a_bite_found(sample: Path) -> None:
    """When detection catches a labelled miss, it counts as a bite, in precision and recall."""
    project = sample_eval.load_project(sample / "labels" / "fake.json")
    findings = [
        sample_eval.Finding(sample_eval.Place("tools.py", 5, "TCF001"), "m"),
        sample_eval.Finding(sample_eval.Place("graph.py", 9, "TCF041"), "m"),
    ]
    outcome = sample_eval.match("fake", project.labels, findings)
    totals = sample_eval.total([outcome])
    assert (totals.bites, totals.noise, totals.unlabelled, totals.missed) == (2, 0, 0, 1)
    assert totals.precision == 1.0
    assert totals.recall == pytest.approx(2 / 3)


def test_two_findings_at_one_place_need_two_labels() -> None:
    place = sample_eval.Place("a.py", 3, "TCF042")
    label = sample_eval.Label(place, True, False, "shape", "note")
    findings = [sample_eval.Finding(place, "first"), sample_eval.Finding(place, "second")]
    outcome = sample_eval.match("p", [label], findings)
    assert (len(outcome.bites), len(outcome.unlabelled)) == (1, 1)


def test_text_report_lists_what_to_label(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(sample) == 0
    out = capsys.readouterr().out
    assert "fake: unlabelled findings (label them)" in out
    assert "tools.py:17 TCF001" in out
    assert "graph.py:9 TCF041  [node-in-other-module] labelled miss" in out
    assert "tools.py:30 TCF041  [async-tool] bite no longer reported" in out


def test_checkout_without_git_is_flagged(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Still evaluated (exit 0), but flagged: its project root may not be a clone's."""
    (sample / "root" / "fake" / ".git").rmdir()
    assert _run(sample, "--json") == 0
    (project,) = json.loads(capsys.readouterr().out)["projects"]
    assert project["bites"] == 1
    assert project["notes"] == ["no .git in the checkout: run `git init -q` there, as in a clone"]


def test_a_whole_repository_checkout_of_a_subdir_is_flagged(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A label file of one directory of a monorepo: its paths are relative to that
    directory, so a checkout of the whole repository would match nothing."""
    labels = {**LABELS, "subdir": "sdk-python"}
    (sample / "labels" / "fake.json").write_text(json.dumps(labels))
    assert _run(sample, "--json") == 0
    assert json.loads(capsys.readouterr().out)["projects"][0]["notes"] == []
    (sample / "root" / "fake" / "sdk-python").mkdir()
    assert _run(sample, "--json") == 0
    (project,) = json.loads(capsys.readouterr().out)["projects"]
    assert project["notes"] == ["the checkout is the whole repository: extract sdk-python alone"]


def test_a_file_toolcfg_could_not_check_is_no_finding(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A notebook cell that is not Python is reported as a parse error: it says nothing
    of config, so it is neither a bite nor noise, and the exit status flags it."""
    broken = "from langchain_core.tools import tool\n\n\n@tool\nasync def (:\n"
    (sample / "root" / "fake" / "broken.py").write_text(broken)
    assert _run(sample, "--json") == 0
    (project,) = json.loads(capsys.readouterr().out)["projects"]
    assert (project["findings"], project["unlabelled"]) == (3, 1)
    assert project["notes"] == ["toolcfg exited 2 (a file could not be checked)"]


def test_missing_checkout_fails(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(sample / "root" / "fake")
    assert _run(sample) == 1
    assert "no checkout at" in capsys.readouterr().out


def test_bad_labels_are_named(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = dict(LABELS, commit="abc", findings=[dict(_finding(5, "maybe"), line=0)])
    (sample / "labels" / "fake.json").write_text(json.dumps(bad))
    assert _run(sample) == 2
    err = capsys.readouterr().err
    assert "commit 'abc' is not 40 lower-case hex digits" in err
    assert "findings[0] has verdict 'maybe'" in err
    assert "findings[0] has line 0" in err
