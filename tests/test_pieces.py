"""A fix is carried out, and checked, on the pieces of a module it changes
(``toolcfg/codemods/pieces.py``): the functions its edits are in, each parsed alone, and the
first statements, where imports go. Nothing else of a big module is parsed with LibCST.

Each test here holds the pieces to what the whole module gives: the text, byte for byte,
and the regions each edit changed (``apply_text`` against LibCST on the whole module, as
toolcfg applied fixes before), and the verdict on a fixed text (``fixchecks.check`` against the
whole-text check it replaced), on the cases, on generated programs, and on texts a fix
would never write, which it must still refuse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import libcst
import pytest
from casefiles import all_cases, case_id, check, copy_case
from hypothesis import given, note
from hypothesis import strategies as st
from properties import sorted_regions, whole_apply
from test_fix_properties import fuzz_settings, langchain_programs

from toolcfg import fixchecks, fixing
from toolcfg.codemods import pieces
from toolcfg.codemods.apply import Regions, apply_text
from toolcfg.importstyle import ImportStyle
from toolcfg.linter.findings import (
    AddImport,
    AddParameter,
    Edit,
    Finding,
    ForwardConfig,
    Position,
    Rename,
)
from toolcfg.pipeline import check_source
from toolcfg.textedits import split_lines

# -- the references: the whole module, as toolcfg read it before ----------------------------


def whole_verdict(before: str, after: str) -> Optional[str]:
    """What the check that read whole texts said of ``after``: None, or why it is refused."""
    try:
        libcst.parse_module(after)
    except Exception as error:
        return f"the fixed text does not parse: {str(error).splitlines()[0]}"
    if fixchecks.compiles(before) and not fixchecks.compiles(after):
        return "the fixed text does not compile"
    new = fixchecks.free_names(after) - fixchecks.free_names(before)
    if new:
        return f"the fixed text reads names nothing defines: {', '.join(sorted(new))}"
    return None


def verdict(before: str, after: str) -> Optional[str]:
    try:
        fixchecks.check(before, after)
    except fixchecks.FixError as error:
        return str(error)
    return None


def assert_applies_as_whole(text: str, edits: Sequence[Edit]) -> str:
    """The pieces give the whole module's text and regions; returns the text."""
    expected_regions: Regions = {}
    expected = whole_apply(text, edits, expected_regions)
    regions: Regions = {}
    assert apply_text(text, edits, ImportStyle(), regions) == expected
    assert sorted_regions(regions) == sorted_regions(expected_regions)
    return expected


def edit_groups(findings: Sequence[Finding], path: str) -> Iterator[Dict[str, List[Edit]]]:
    """The edits of every safe fix, of every unsafe one, and of all, by file."""
    for wanted in ({True}, {False}, {True, False}):
        by_file: Dict[str, List[Edit]] = {}
        for finding in findings:
            if finding.fix is None or finding.fix.safe not in wanted:
                continue
            by_file.setdefault(path, []).extend(finding.fix.edits)
            for other in finding.fix.elsewhere:
                by_file.setdefault(other.path, []).extend(other.edits)
        if by_file:
            yield by_file


def assert_checks_as_whole(before: str, after: str) -> None:
    """The check of ``after`` and of texts a fix must never write, made from it, says what
    the whole-text check says: a changed name, a lost import, a stray bracket, a parameter
    twice. So does the check of those texts made from ``after``, as the formatter's layout
    of a fix is checked, which reads the pieces the fix wrote."""
    changed = list(mutations(before, after))
    for mutated in [after, *changed]:
        assert verdict(before, mutated) == whole_verdict(before, mutated), mutated
    for mutated in changed:
        assert verdict(after, mutated) == whole_verdict(after, mutated), mutated


def mutations(before: str, after: str) -> Iterator[str]:
    old = set(split_lines(before, keepends=True))
    lines = split_lines(after, keepends=True)
    changed = [row for row, line in enumerate(lines) if line not in old]
    for row in changed[:6]:
        line = lines[row]

        def replaced(new: str, row: int = row) -> str:
            return "".join([*lines[:row], new, *lines[row + 1 :]])

        for name in ("config", "RunnableConfig", "patch_config", "callbacks", "Optional"):
            if name in line:
                yield replaced(line.replace(name, name + "_lost", 1))
        if line.lstrip().startswith(("from ", "import ")):
            yield replaced("")
        if "(" in line:
            yield replaced(line.replace("(", "((", 1))
        if "config: RunnableConfig" in line:
            yield replaced(line.replace("config: RunnableConfig", "config, config", 1))
        if ", " in line:  # laid out as a formatter would, or not
            indent = " " * (len(line) - len(line.lstrip()) + 4)
            yield replaced(line.replace(", ", ",\n" + indent, 1))
        stripped = line.rstrip("\r\n")
        if stripped.endswith(":") and stripped.lstrip().startswith(("def ", "async def ")):
            body = " " * (len(line) - len(line.lstrip()) + 4)
            yield replaced(line + body + "print(undefined_here, len(line))\n")


# -- the cases --------------------------------------------------------------------------

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case_id(path) for path in CASES])
def test_cases_apply_and_check_as_the_whole_module(case: Path, tmp_path: Path) -> None:
    copied = copy_case(case, tmp_path)
    results = check(copied, unsafe_fixes=True)
    for result in results:
        path = str(Path(result.path).resolve())
        for by_file in edit_groups(result.findings, path):
            for part, edits in by_file.items():
                before = Path(part).read_text(encoding="utf-8")
                after = assert_applies_as_whole(before, edits)
                assert_checks_as_whole(before, after)


# -- generated programs -----------------------------------------------------------------


@fuzz_settings(examples=60)
@given(program=langchain_programs(), padded=st.booleans())
def test_programs_apply_and_check_as_the_whole_module(program: str, padded: bool) -> None:
    # Padded with ordinary functions after it, a program's imports go into its first
    # statements alone, not the whole module.
    newline = "\r\n" if "\r\n" in program else "\n"
    source = program + (newline + filler(3).replace("\n", newline) if padded else "")
    note(source)
    findings = check_source(source, path="module.py")
    for by_file in edit_groups(findings, "module.py"):
        after = assert_applies_as_whole(source, by_file["module.py"])
        assert_checks_as_whole(source, after)


# -- shapes the pieces must get right ---------------------------------------------------

HEADER = (
    '"""A module."""\n'
    "\n"
    "from langchain_core.runnables import RunnableConfig\n"
    "from langchain_core.tools import tool\n"
    "\n"
)


def filler(count: int) -> str:
    """Ordinary functions, which no fix touches."""
    return "".join(
        f"def helper_{index}(value):\n    if value:\n        return [value] * {index}\n"
        f"    return None\n\n\n"
        for index in range(count)
    )


TOOL = (
    "@tool\n"
    "async def ask(question: str) -> str:\n"
    '    """Ask."""\n'
    "    return await chain.ainvoke(question)\n"
)


def tool_edits(text: str, name: str = "ask") -> List[Edit]:
    """The edits ``--fix`` makes to ``name`` in ``text``, found by the analysis."""
    found = check_source(text, path="module.py")
    edits = [
        edit
        for finding in found
        if finding.fix is not None and finding.fix.safe
        for edit in finding.fix.edits
    ]
    assert edits, found
    return edits


SHAPES = {
    "a tool among ordinary functions": HEADER + filler(3) + TOOL + "\n\n" + filler(3),
    "a method, and its class's other methods": HEADER
    + "class Tools:\n"
    + "    def other(self):\n        return 1\n\n"
    + "    @tool\n"
    + "    async def ask(self, question: str) -> str:\n"
    + "        return await chain.ainvoke(question)\n"
    + "\n\n"
    + "tools = Tools()\n"
    + filler(2),
    "a nested function and the one around it": HEADER
    + filler(2)
    + "def make():\n"
    + "    @tool\n"
    + "    async def ask(question: str) -> str:\n"
    + "        return await chain.ainvoke(question)\n"
    + "    return ask\n"
    + "\n\n"
    + filler(2),
    "tabs": (HEADER + filler(2) + TOOL + "\n\n" + filler(2)).replace("    ", "\t"),
    "two spaces, and a long import": (
        HEADER.replace(
            "from langchain_core.runnables import RunnableConfig\n",
            "from langchain_core.runnables import (\n  RunnableConfig, RunnableLambda, RunnableParallel, RunnablePassthrough)\n",
        )
        + filler(2)
        + TOOL
        + "\n\n"
        + filler(2)
    ).replace("    ", "  "),
    "crlf": (HEADER + filler(2) + TOOL + "\n\n" + filler(2)).replace("\n", "\r\n"),
    "crlf first, lf in the tool": (HEADER + filler(2)).replace("\n", "\r\n")
    + TOOL
    + "\n\n"
    + filler(2),
    "lone cr, and the tool last": (HEADER + filler(2) + TOOL).replace("\n", "\r"),
    "no line ending at the end": HEADER + filler(2) + TOOL.rstrip("\n"),
    "an import under a late if": HEADER
    + filler(2)
    + TOOL
    + "\n\n"
    + filler(2)
    + 'if __name__ == "__main__":\n'
    + "    from langchain_core.runnables import patch_config\n"
    + "    print(patch_config)\n",
    "an import under a late try": HEADER
    + filler(2)
    + TOOL
    + "\n\n"
    + "try:\n    from langchain_core.callbacks import Callbacks\nexcept ImportError:\n"
    + "    Callbacks = None\n"
    + filler(2),
    "a late import line": HEADER
    + filler(2)
    + TOOL
    + "\n\n"
    + filler(2)
    + "from langchain_core.runnables import patch_config\n",
    "a tool right after the imports": HEADER + TOOL + "\n\n" + filler(3),
    "no indented block before the tool": HEADER
    + "def short(): return 1\n\n\n"
    + TOOL
    + "\n\n"
    + filler(2),
    "a form feed": HEADER + filler(2) + "\x0c\n" + TOOL + "\n\n" + filler(2),
    "imports only under an if": '"""A module."""\n'
    + "import sys\n"
    + "if sys.version_info >= (3, 9):\n"
    + "    from langchain_core.tools import tool\n"
    + filler(2)
    + TOOL
    + "\n\n"
    + filler(2),
}


@pytest.mark.parametrize("text", list(SHAPES.values()), ids=list(SHAPES))
def test_shapes_apply_and_check_as_the_whole_module(text: str) -> None:
    edits = tool_edits(text)
    after = assert_applies_as_whole(text, edits)
    assert after != text
    assert_checks_as_whole(text, after)


def test_renames_across_nested_functions_apply_as_the_whole_module() -> None:
    text = (
        HEADER
        + filler(2)
        + "def outer(cfg: RunnableConfig):\n"
        + "    def inner():\n"
        + "        return cfg\n"
        + "    return inner, cfg\n"
        + "\n\n"
        + filler(2)
    )
    line = text.splitlines().index("def outer(cfg: RunnableConfig):") + 1
    rename = Rename(
        "cfg",
        "config",
        (Position(line, 11), Position(line + 2, 16), Position(line + 3, 19)),
    )
    after = assert_applies_as_whole(text, [rename])
    assert "return inner, config" in after and "return config" in after
    assert_checks_as_whole(text, after)


def test_an_edit_outside_any_function_is_carried_out_on_the_whole_module() -> None:
    text = HEADER + filler(2) + "answer = chain.invoke(question)\n" + filler(2)
    line = text.splitlines().index("answer = chain.invoke(question)") + 1
    edit = ForwardConfig(Position(line, 16), "config")
    after = assert_applies_as_whole(text, [edit, AddImport("typing", "Optional")])
    assert "chain.invoke(question, config=config)" in after


# -- only the pieces are parsed -----------------------------------------------------------


def test_a_big_module_is_fixed_and_checked_parsing_only_its_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = HEADER + filler(300) + TOOL + "\n\n" + filler(300)
    edits = tool_edits(text)
    expected = whole_apply(text, edits)
    parsed: List[int] = []
    parse_module = libcst.parse_module

    def parse(source: str, *args: object, **kwargs: object) -> libcst.Module:
        parsed.append(len(source))
        return parse_module(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(libcst, "parse_module", parse)
    after = apply_text(text, edits, ImportStyle())
    fixchecks.check(text, after)
    # The formatter lays out the signature the fix made long: its check reads that piece.
    laid_out = after.replace(
        "async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:",
        "async def ask(\n    question: str, config: RunnableConfig, callbacks: Callbacks = None\n) -> str:",
    )
    assert laid_out != after
    fixchecks.check(after, laid_out)
    assert after == expected
    assert parsed and max(parsed) < len(text) // 50, parsed


def test_the_check_of_a_laid_out_fix_reads_no_outline_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = HEADER + filler(20) + TOOL + "\n\n" + filler(20)
    after = apply_text(text, tool_edits(text), ImportStyle())
    outlined: List[int] = []
    outline = pieces._outline

    def counted(source: str) -> Optional[pieces.Outline]:
        outlined.append(len(source))
        return outline(source)

    monkeypatch.setattr(pieces, "_outline", counted)
    laid_out = after.replace("(question: str, config", "(\n    question: str, config")
    fixchecks.check(after, laid_out)
    assert outlined == []


# -- what the check refuses -----------------------------------------------------------------


def _fixed(text: str) -> Tuple[str, str]:
    return text, apply_text(text, tool_edits(text), ImportStyle())


def test_a_name_bound_only_far_below_is_no_new_free_name() -> None:
    # The pieces cannot see the binding: the whole text is read, and finds it.
    before, after = _fixed(HEADER + filler(3) + TOOL + "\n\n" + filler(3))
    after = after.replace("callbacks: Callbacks = None", "callbacks: Later = None")
    assert verdict(before, after) == "the fixed text reads names nothing defines: Later"
    assert verdict(before, after + "\n\nLater = None\n") is None


def test_a_missed_rename_is_refused() -> None:
    before, after = _fixed(HEADER + filler(3) + TOOL + "\n\n" + filler(3))
    broken = after.replace("patch_config(config,", "patch_config(cfg,")
    assert verdict(before, broken) == "the fixed text reads names nothing defines: cfg"


def test_a_piece_that_does_not_parse_is_refused_with_the_whole_texts_message() -> None:
    before, after = _fixed(HEADER + filler(3) + TOOL + "\n\n" + filler(3))
    broken = after.replace("await chain.ainvoke(", "await chain.ainvoke((")
    message = verdict(before, broken)
    assert message is not None and message.startswith("the fixed text does not parse")
    assert message == whole_verdict(before, broken)


def test_a_parameter_twice_is_refused() -> None:
    before, after = _fixed(HEADER + filler(3) + TOOL + "\n\n" + filler(3))
    broken = after.replace("callbacks: Callbacks = None", "config: Callbacks = None")
    assert verdict(before, broken) == "the fixed text does not compile"


def test_an_outline_of_text_ast_cannot_read_is_none() -> None:
    assert pieces.outline("def f(:\n") is None
    assert pieces.changes("def f(:\n", "def f(:\n    pass\n") is None


def test_edits_of_a_file_are_collected_once_each_in_order() -> None:
    first = AddParameter(Position(3, 5), "config", "RunnableConfig", False)
    forward = ForwardConfig(Position(4, 20), "config")
    imports = AddImport("langchain_core.runnables", "RunnableConfig")
    edits, _ = fixing._edits(
        {
            "a.py": (
                _finding([first, imports, forward]),
                _finding([imports, first]),
                _finding([forward, imports]),
            )
        },
        unsafe_fixes=False,
        exclude=set(),
        writable=None,
    )
    assert edits == {"a.py": [first, imports, forward]}


def _finding(edits: Sequence[Edit]) -> Finding:
    from toolcfg.linter.findings import Fix

    return Finding("TCF001", "message", Position(3, 5), Position(3, 8), Fix(tuple(edits)))
