"""The user's formatter lays out the statements a fix made too long, and nothing else.

Each test runs the real ruff or Black (test dependencies) and holds ``relayout`` to what
that formatter does with the whole file. Formatters that fail are shell commands.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from toolcfg import formatters, formatting
from toolcfg.codemods.apply import add_keyword_argument
from toolcfg.codemods.signatures import add_parameter
from toolcfg.configfiles import ConfigFiles
from toolcfg.formatters import Formatter, Formatters, configured_line_length, find_formatter
from toolcfg.formatting import LineRange, Reason, relayout
from toolcfg.linter.findings import AddParameter, Position

FORMATTERS = Formatters()


def _installed(name: str) -> Formatter:
    found = FORMATTERS.runnable(name)
    assert found is not None, f"{name} is a test dependency: pip install -e '.[test]'"
    return found


RUFF, BLACK = _installed("ruff"), _installed("black")

BEFORE = (
    "import asyncio\n"
    "\n"
    "\n"
    "async def summarise(state: State, llm: BaseChatModel) -> Dict[str, Any]:\n"
    '    """Summarise the conversation so far."""\n'
    '    reply = await llm.ainvoke({"question": state["question"], "context": ctx})\n'
    '    return {"messages": [reply]}\n'
)
AFTER = BEFORE.replace(
    "llm: BaseChatModel)", "llm: BaseChatModel, config: RunnableConfig)"
).replace('"context": ctx})', '"context": ctx}, config=config)')


def whole_file(formatter: Formatter, text: str, path: Path, *options: str) -> str:
    """What the formatter makes of all of ``text``, as it would of the file at ``path``."""
    command = [*formatter.argv]
    command += ["format"] if formatter.name == "ruff" else ["--quiet"]
    command += [*options, "--stdin-filename", str(path), "-"]
    done = subprocess.run(
        command, input=text.encode(), capture_output=True, cwd=path.parent, check=True
    )
    return done.stdout.decode()


def counted(formatter: Formatter, tmp_path: Path) -> tuple[Formatter, Path]:
    """``formatter``, run through a script that counts its runs in the file returned."""
    log = tmp_path / "runs.log"
    script = tmp_path / f"counting-{formatter.name}"
    script.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "$@"\n')
    script.chmod(0o755)
    log.write_text("")
    return dataclasses.replace(formatter, argv=(str(script), *formatter.argv)), log


def runs(log: Path) -> int:
    return len(log.read_text().splitlines())


def shell(name: str, script: str) -> Formatter:
    """A "formatter" that runs ``script`` and ignores its arguments."""
    return Formatter(name, ("sh", "-c", script, "formatter"), (99, 0))


# ----- the formatter lays out what the fix made too long ---------------------------------


@pytest.mark.parametrize("formatter", [RUFF, BLACK], ids=["ruff", "black"])
def test_a_signature_and_a_call_are_laid_out_as_the_formatter_lays_out_the_file(
    formatter: Formatter, tmp_path: Path
) -> None:
    path = tmp_path / "node.py"
    assert whole_file(formatter, BEFORE, path) == BEFORE

    result = relayout(BEFORE, AFTER, path, formatter, None)

    assert result.text == whole_file(formatter, AFTER, path)
    assert result.text == (
        "import asyncio\n"
        "\n"
        "\n"
        "async def summarise(\n"
        "    state: State, llm: BaseChatModel, config: RunnableConfig\n"
        ") -> Dict[str, Any]:\n"
        '    """Summarise the conversation so far."""\n'
        "    reply = await llm.ainvoke(\n"
        '        {"question": state["question"], "context": ctx}, config=config\n'
        "    )\n"
        '    return {"messages": [reply]}\n'
    )
    assert result.laid_out == (LineRange(4, 6), LineRange(8, 10))
    assert result.left == ()


def test_a_method_right_after_its_class_line_gets_no_blank_line_from_black(
    tmp_path: Path,
) -> None:
    """Black's ``--line-ranges`` adds a blank line there that Black on the file does not."""
    before = (
        "class Summary(BaseTool):\n"
        "    async def _arun(self, question: str, run_manager: Manager) -> str:\n"
        "        return await self.llm.ainvoke(question)\n"
    )
    after = before.replace("Manager)", "Manager, config: RunnableConfig)")
    path = tmp_path / "tool.py"
    assert whole_file(BLACK, before, path) == before

    result = relayout(before, after, path, BLACK, None)

    assert result.text == whole_file(BLACK, after, path)
    assert result.laid_out == (LineRange(2, 4),)


def test_a_long_import_is_laid_out_and_a_t_string_comes_for_free(tmp_path: Path) -> None:
    """ruff reads Python 3.14 t-strings whatever Python runs toolcfg."""
    before = (
        "from langchain_core.runnables import RunnableLambda, RunnablePassthrough\n"
        "\n"
        "\n"
        "async def greet(name, llm):\n"
        '    return await llm.ainvoke(t"Hello {name}, what is the question today?")\n'
    )
    after = before.replace(
        "import RunnableLambda", "import RunnableConfig, RunnableLambda"
    ).replace('today?")', 'today?", config=config)')
    path = tmp_path / "greet.py"
    assert whole_file(RUFF, before, path, "--line-length", "80") == before

    result = relayout(before, after, path, RUFF, 80)

    assert result.text == whole_file(RUFF, after, path, "--line-length", "80")
    assert result.text.startswith(
        "from langchain_core.runnables import (\n"
        "    RunnableConfig,\n"
        "    RunnableLambda,\n"
        "    RunnablePassthrough,\n"
        ")\n"
    )
    assert '        t"Hello {name}, what is the question today?", config=config\n' in result.text


def test_a_statement_the_fix_adds_is_laid_out(tmp_path: Path) -> None:
    """It has no layout of the user's to keep."""
    before = "import asyncio\n\nx = 1\n"
    added = "from langchain_core.runnables import RunnableConfig, RunnableLambda, patch_config\n"
    after = added + before
    path = tmp_path / "m.py"

    result = relayout(before, after, path, RUFF, 60)

    assert result.text == whole_file(RUFF, after, path, "--line-length", "60")
    assert result.laid_out == (LineRange(1, 5),)


# ----- only code that was formatter-clean -----------------------------------------------


@pytest.mark.parametrize("formatter", [RUFF, BLACK], ids=["ruff", "black"])
def test_a_statement_that_was_not_formatter_clean_is_left_alone(
    formatter: Formatter, tmp_path: Path
) -> None:
    before = BEFORE.replace('"context": ctx})', "'context':ctx} )")
    after = before.replace("llm: BaseChatModel)", "llm: BaseChatModel, config: RunnableConfig)")
    after = after.replace("ctx} )", "ctx}, config=config )")
    path = tmp_path / "node.py"

    result = relayout(before, after, path, formatter, None)

    # The signature was clean: it is laid out; the call was not: it stays as written.
    assert result.text == (
        "import asyncio\n"
        "\n"
        "\n"
        "async def summarise(\n"
        "    state: State, llm: BaseChatModel, config: RunnableConfig\n"
        ") -> Dict[str, Any]:\n"
        '    """Summarise the conversation so far."""\n'
        '    reply = await llm.ainvoke({"question": state["question"], \'context\':ctx}, '
        "config=config )\n"
        '    return {"messages": [reply]}\n'
    )
    assert result.laid_out == (LineRange(4, 6),)
    assert [(left.lines, left.reason) for left in result.left] == [
        (LineRange(8, 8), Reason.NOT_CLEAN)
    ]


@pytest.mark.parametrize(
    "formatter, expected_runs",
    # With ruff, one range over both reformats the code between, so each statement gets a run of
    # its own, before the fix and after it. Black formats only the ranges it is given.
    [(RUFF, 1 + 2 + 2), (BLACK, 2)],
    ids=["ruff", "black"],
)
def test_clean_statements_are_laid_out_where_code_between_them_is_not(
    formatter: Formatter, expected_runs: int, tmp_path: Path
) -> None:
    unformatted = "    unformatted  =  [ 1,2 ]\n"
    docstring = '    """Summarise the conversation so far."""\n'
    before = BEFORE.replace(docstring, docstring + unformatted)
    after = before.replace("llm: BaseChatModel)", "llm: BaseChatModel, config: RunnableConfig)")
    after = after.replace('"context": ctx})', '"context": ctx}, config=config)')
    path = tmp_path / "node.py"
    counting, log = counted(formatter, tmp_path)

    result = relayout(before, after, path, counting, None)

    assert unformatted in result.text
    assert result.text.replace(unformatted, "") == whole_file(formatter, AFTER, path)
    assert result.left == ()
    assert runs(log) == expected_runs


def test_a_statement_that_still_fits_is_not_given_to_the_formatter(tmp_path: Path) -> None:
    before = "async def f(llm):\n    return await llm.ainvoke(question)\n"
    after = before.replace("(question)", "(question, config=config)")
    never = shell("ruff", "exit 1")

    result = relayout(before, after, tmp_path / "f.py", never, None)

    assert result == formatting.Relayout(after)


def test_a_long_line_the_fix_did_not_change_is_not_given_to_the_formatter(
    tmp_path: Path,
) -> None:
    long_line = "x = some_function_with_a_long_name(argument_one, argument_two, argument_3)\n"
    before = long_line + "y = await llm.ainvoke(q)\n"
    after = long_line + "y = await llm.ainvoke(q, config=config)\n"
    never = shell("ruff", "exit 1")

    result = relayout(before, after, tmp_path / "m.py", never, 60)

    assert result == formatting.Relayout(after)


# ----- line lengths ---------------------------------------------------------------------


@pytest.mark.parametrize("formatter", [RUFF, BLACK], ids=["ruff", "black"])
def test_a_line_length_given_is_used_and_passed_to_the_formatter(
    formatter: Formatter, tmp_path: Path
) -> None:
    before = "async def f(llm):\n    return await llm.ainvoke(question_about_this)\n"
    after = before.replace("(question_about_this)", "(question_about_this, config=config)")
    path = tmp_path / "f.py"
    assert relayout(before, after, path, formatter, None).text == after  # fits in 88

    result = relayout(before, after, path, formatter, 50)

    assert result.text == whole_file(formatter, after, path, "--line-length", "50")
    assert result.text == (
        "async def f(llm):\n"
        "    return await llm.ainvoke(\n"
        "        question_about_this, config=config\n"
        "    )\n"
    )


@pytest.mark.parametrize(
    "formatter, table", [(RUFF, "tool.ruff"), (BLACK, "tool.black")], ids=["ruff", "black"]
)
def test_the_configured_line_length_is_the_formatters(
    formatter: Formatter, table: str, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[{table}]\nline-length = 50\n")
    (tmp_path / "pkg").mkdir()
    path = tmp_path / "pkg" / "f.py"
    before = "async def f(llm):\n    return await llm.ainvoke(question_about_this)\n"
    after = before.replace("(question_about_this)", "(question_about_this, config=config)")
    assert configured_line_length(formatter, path.parent, ConfigFiles()) == 50

    result = relayout(before, after, path, formatter, None)

    assert result.text == whole_file(formatter, after, path)
    assert result.text.count("\n") == 4


def test_a_project_with_line_length_100_keeps_lines_up_to_100(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text("line-length = 100\n")
    path = tmp_path / "node.py"
    fits = '    reply = await llm.ainvoke({"question": state["question"], "context": ctx_xx})\n'
    too_long = (
        '    reply = await llm.ainvoke({"question": state["question"], "context": ctx_xxxxxxxxx})\n'
    )
    before = "async def node(state, llm):\n" + fits + too_long
    after = before.replace("xx})", "xx}, config=config)")
    assert len(after.splitlines()[1]) <= 100 < len(after.splitlines()[2])
    formatter, log = counted(RUFF, tmp_path)

    result = relayout(before, after, path, formatter, None)

    assert result.text == whole_file(RUFF, after, path)
    assert result.text.splitlines()[1] == after.splitlines()[1]
    assert result.laid_out == (LineRange(3, 5),)
    assert runs(log) == 2  # the long statement, before the fix and after it


# ----- line endings ---------------------------------------------------------------------


def test_a_crlf_file_stays_crlf(tmp_path: Path) -> None:
    before, after = BEFORE.replace("\n", "\r\n"), AFTER.replace("\n", "\r\n")
    path = tmp_path / "node.py"

    result = relayout(before, after, path, RUFF, None)

    assert result.text == whole_file(RUFF, AFTER, path).replace("\n", "\r\n")


@pytest.mark.parametrize("formatter", [RUFF, BLACK], ids=["ruff", "black"])
def test_a_crlf_file_without_a_final_newline_keeps_both(
    formatter: Formatter, tmp_path: Path
) -> None:
    before = (BEFORE + "\n\nx = 1").replace("\n", "\r\n")
    after = (AFTER + "\n\nx = 1").replace("\n", "\r\n")
    path = tmp_path / "node.py"

    result = relayout(before, after, path, formatter, None)

    expected = whole_file(formatter, AFTER + "\n\nx = 1\n", path).replace("\n", "\r\n")
    assert result.text == expected[: -len("\r\n")]


def test_the_last_statement_without_a_final_newline_is_laid_out(tmp_path: Path) -> None:
    before, after = BEFORE.rstrip("\n"), AFTER.rstrip("\n")
    before = before.replace('    return {"messages": [reply]}', "").rstrip("\n")
    after = after.replace('    return {"messages": [reply]}', "").rstrip("\n")

    result = relayout(before, after, tmp_path / "node.py", RUFF, None)

    assert result.text == whole_file(RUFF, after + "\n", tmp_path / "node.py").rstrip("\n")
    assert not result.text.endswith("\n")


def test_a_lone_carriage_return_is_a_line_ending(tmp_path: Path) -> None:
    before = "a = 1\rx = foo(aaaaaaaaaa)\ny = 2\n"
    after = before.replace(
        "(aaaaaaaaaa)", "(aaaaaaaaaa, bbbbbbbbbbbb, cccccccccccc, config=config)"
    )

    result = relayout(before, after, tmp_path / "m.py", RUFF, 40)

    assert result.text == (
        "a = 1\rx = foo(\n"
        "    aaaaaaaaaa,\n"
        "    bbbbbbbbbbbb,\n"
        "    cccccccccccc,\n"
        "    config=config,\n"
        ")\n"
        "y = 2\n"
    )
    assert result.laid_out == (LineRange(2, 7),)


# ----- where the formatter may not, or cannot -------------------------------------------


@pytest.mark.parametrize(
    "before",
    [
        "# fmt: off\nx = await llm.ainvoke({'question': question, 'context': ctx})\n# fmt: on\n",
        "x = await llm.ainvoke({'question': question, 'context': ctx})  # fmt: skip\n",
        "x = await llm.ainvoke(\n    {'question': question, 'context': ctx}  # fmt: skip\n)\n",
        "# yapf: disable\nx = await llm.ainvoke({'question': question, 'context': ctx})\n",
    ],
    ids=["off", "skip", "skip-inside", "yapf"],
)
def test_statements_where_formatting_is_off_are_left_alone(before: str, tmp_path: Path) -> None:
    after = before.replace("ctx}", "ctx}, config=config")
    never = shell("ruff", "exit 1")

    result = relayout(before, after, tmp_path / "m.py", never, 60)

    assert result.text == after
    assert [left.reason for left in result.left] == [Reason.FORMATTING_OFF]


def test_without_a_formatter_the_text_is_unchanged_and_says_why(tmp_path: Path) -> None:
    result = relayout(BEFORE, AFTER, tmp_path / "node.py", None, None)

    assert result.text == AFTER
    assert result.laid_out == ()
    assert [(left.lines, left.reason) for left in result.left] == [
        (LineRange(4, 4), Reason.NO_FORMATTER),
        (LineRange(6, 6), Reason.NO_FORMATTER),
    ]


@pytest.mark.parametrize(
    "formatter, message",
    [
        (shell("ruff", "exit 1"), "ruff exited with status 1"),
        (shell("black", "echo 'error: cannot format -: boom' >&2; exit 123"), "boom"),
        (shell("ruff", "cat; echo 'error: it went wrong' >&2"), "it went wrong"),
        (shell("ruff", "true"), "ruff wrote nothing"),
        (Formatter("ruff", ("/nonexistent/ruff",), (0, 9)), "cannot run ruff"),
        (shell("ruff", "printf '\\377\\n'"), "not UTF-8"),
    ],
    ids=["exit-1", "exit-123", "error-printed", "no-output", "missing", "not-utf-8"],
)
def test_a_failing_formatter_leaves_the_text_and_says_why(
    formatter: Formatter, message: str, tmp_path: Path
) -> None:
    result = relayout(BEFORE, AFTER, tmp_path / "node.py", formatter, None)

    assert result.text == AFTER
    assert [left.reason for left in result.left] == [Reason.FAILED, Reason.FAILED]
    assert all(message in left.message for left in result.left), result.left


def test_a_formatter_that_takes_too_long_is_given_up_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formatters, "TIMEOUT", 0.5)
    slow = shell("ruff", "exec sleep 10")

    result = relayout(BEFORE, AFTER, tmp_path / "node.py", slow, None)

    assert result.text == AFTER
    assert {left.message for left in result.left} == {"ruff did not finish within 0.5 seconds"}


def test_output_that_does_not_parse_is_not_used(tmp_path: Path) -> None:
    """The formatter leaves the text before the fix alone, and breaks the fixed one."""
    breaks = shell("ruff", "sed 's/config=config)/config=config,,)/'")

    result = relayout(BEFORE, AFTER, tmp_path / "node.py", breaks, None)

    assert result.text == AFTER
    # sed leaves the signature as it is, and breaks the call.
    assert [left.reason for left in result.left] == [Reason.KEPT, Reason.FAILED]
    assert result.left[1].message == "the formatter's output does not parse"


def test_output_that_changes_other_lines_is_not_used(tmp_path: Path) -> None:
    renames = shell("ruff", "sed 's/import asyncio/import trio/'")

    result = relayout(BEFORE, AFTER, tmp_path / "node.py", renames, None)

    assert result.text == AFTER
    assert {left.message for left in result.left} == {"the formatter changed other lines too"}


def test_a_statement_the_formatter_had_split_is_laid_out_again(tmp_path: Path) -> None:
    before = 'async def f(llm):\n    return await llm.ainvoke(\n        "' + "w" * 80 + '"\n    )\n'
    after = before.replace('"\n    )', '", config=config\n    )')
    path = tmp_path / "f.py"
    assert whole_file(RUFF, before, path, "--line-length", "40") == before

    result = relayout(before, after, path, RUFF, 40)

    assert result.text == whole_file(RUFF, after, path, "--line-length", "40")
    assert result.text.endswith('"w' + "w" * 79 + '",\n        config=config,\n    )\n')
    assert result.laid_out == (LineRange(2, 5),)


def test_a_line_the_formatter_keeps_long_is_reported(tmp_path: Path) -> None:
    """ruff does not count a pragma comment: the code fits, so the line stays as it is."""
    before = 'x = "' + "w" * 70 + '"  # noqa: E501\n'
    after = before.replace("x = ", "x = y = ")

    result = relayout(before, after, tmp_path / "f.py", RUFF, None)

    assert result.text == after == whole_file(RUFF, after, tmp_path / "f.py")
    assert [(left.lines, left.reason) for left in result.left] == [(LineRange(1, 1), Reason.KEPT)]


# ----- many statements, few runs --------------------------------------------------------


@pytest.mark.parametrize("formatter", [RUFF, BLACK], ids=["ruff", "black"])
def test_many_statements_take_two_runs(formatter: Formatter, tmp_path: Path) -> None:
    """One over the text before the fix, one over the fixed text."""
    function = (
        "async def node_{n}(state: State, llm: BaseChatModel) -> Dict[str, Any]:\n"
        '    reply = await llm.ainvoke({{"question": state["question"], "context": ctx}})\n'
        '    return {{"messages": [reply]}}\n'
    )
    before = "\n\n".join(function.format(n=n) for n in range(20))
    after = before.replace("BaseChatModel)", "BaseChatModel, config: RunnableConfig)")
    after = after.replace('"context": ctx})', '"context": ctx}, config=config)')
    path = tmp_path / "nodes.py"
    assert whole_file(formatter, before, path) == before
    counting, log = counted(formatter, tmp_path)

    result = relayout(before, after, path, counting, None)

    assert result.text == whole_file(formatter, after, path)
    assert len(result.laid_out) == 20 and result.left == ()
    assert runs(log) == 2


# ----- finding the formatter ------------------------------------------------------------


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"ruff.toml": "line-length = 100\n"}, "ruff"),
        ({"pyproject.toml": "[tool.black]\nline-length = 100\n"}, "black"),
        ({"pyproject.toml": "[tool.black]\n[tool.ruff]\n"}, "ruff"),
        ({"pyproject.toml": "[project]\nname = 'x'\n"}, "ruff"),
        ({}, "ruff"),
    ],
    ids=["ruff.toml", "black", "both", "neither", "none"],
)
def test_the_formatter_is_the_one_the_project_configures(
    files: dict[str, str], expected: str, tmp_path: Path
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)

    found = find_formatter(tmp_path, ConfigFiles(), FORMATTERS)

    assert found is not None and found.name == expected


def test_a_formatter_too_old_or_missing_is_not_runnable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = formatters.importlib.util.find_spec
    monkeypatch.setattr(
        formatters.importlib.util,
        "find_spec",
        lambda name, *args: None if name in ("ruff", "black") else real_find_spec(name, *args),
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    assert Formatters().runnable("ruff") is None
    assert find_formatter(tmp_path, ConfigFiles(), Formatters()) is None

    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\necho 'ruff 0.2.0'\n")
    fake.chmod(0o755)
    assert Formatters().runnable("ruff") is None
    fake.write_text("#!/bin/sh\necho 'ruff 0.2.1'\n")
    assert Formatters().runnable("ruff") == Formatter("ruff", (str(fake),), (0, 2, 1))
    black = tmp_path / "black"
    black.write_text("#!/bin/sh\necho 'black, 23.10.1 (compiled: yes)'\n")
    black.chmod(0o755)
    (tmp_path / "pyproject.toml").write_text("[tool.black]\n")
    assert find_formatter(tmp_path, ConfigFiles(), Formatters()) is None


def test_formatters_are_looked_for_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_formatters = Formatters()
    found = run_formatters.runnable("ruff")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(formatters.importlib.util, "find_spec", lambda name, *args: None)
    assert run_formatters.runnable("ruff") == found
    assert Formatters().runnable("ruff") is None  # a new run looks again


# ----- generated programs, formatted by ruff, fixed, and laid out -------------------------


def _name(rng: random.Random, low: int, high: int) -> str:
    return "x" + "".join(rng.choice("abcdefghij_") for _ in range(rng.randint(low, high) - 1))


def _program(rng: random.Random) -> str:
    """A module with one async ``@tool`` whose runnable calls drop the config."""
    params = []
    defaulted = False
    for index in range(rng.randint(0, 4)):
        param = f"{_name(rng, 1, 12)}{index}"
        if rng.random() < 0.6:
            param += ": " + rng.choice(["str", "int", "Dict[str, Any]", "Optional[str]"])
        if defaulted or rng.random() < 0.3:
            defaulted = True
            param += (" = " if ":" in param else "=") + rng.choice(["None", '"en"', "3"])
        params.append(param)
    if rng.random() < 0.2:
        params.append("**kwargs")
    returns = rng.choice(["", " -> str", " -> Dict[str, Any]"])
    receiver = rng.choice(["llm", "chain", _name(rng, 3, 25)])

    def text() -> str:
        return '"' + "w" * rng.randint(1, 40) + '"'

    argument = rng.choice(
        [text(), f"{{{text()}: {text()}}}", f"[x for x in {_name(rng, 1, 20)}]", _name(rng, 1, 20)]
    )
    call = f"{receiver}.ainvoke({argument})"
    statement = rng.choice(
        [
            f"x = await {call}",
            f"return await {call}",
            f"return (await {call}).content",
            f'return {{"messages": [await {call}]}}',
            f"a, b = await asyncio.gather({call}, {receiver}.ainvoke({text()}))",
            f"x = await {receiver}.with_structured_output(Foo).with_retry().ainvoke({argument})",
            f"return {_name(rng, 1, 12)} + await {call} + {_name(rng, 1, 12)}",
            f"return await {call} if {_name(rng, 1, 12)} else None",
            f"return [await {receiver}.ainvoke(q) for q in {_name(rng, 1, 20)}]",
            f"return await {call}, {_name(rng, 1, 12)}",
            f"return (await {call})[{text()}]",
        ]
    )
    comment = rng.choice(["", "", "  # note " + "n" * rng.randint(0, 20), "  # noqa: E501"])
    function = (
        f"@tool\nasync def {_name(rng, 3, 40)}({', '.join(params)}){returns}:\n"
        f'    """Doc."""\n    {statement}{comment}\n    return x\n'
    )
    if rng.random() < 0.5:
        function = "class Holder:\n" + "".join(f"    {line}\n" for line in function.splitlines())
    return (
        "import asyncio\nfrom typing import Any, Dict, Optional\n\n"
        f"from langchain_core.tools import tool\n\n\n{function}"
    )


class _Fix(cst.CSTTransformer):
    """What a fix does: ``config: RunnableConfig`` on the tool, ``config=config`` on calls."""

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        params = updated_node.params
        keyword_only = any(param.default is not None for param in params.params)
        edit = AddParameter(Position(1, 1), "config", "RunnableConfig", keyword_only)
        return add_parameter(updated_node, edit)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "ainvoke":
            return updated_node.with_changes(
                args=add_keyword_argument(updated_node, "config", "config")
            )
        return updated_node


@pytest.mark.parametrize("line_length", [88, 60, 100])
def test_fixed_programs_stay_ruff_formatted(line_length: int, tmp_path: Path) -> None:
    rng = random.Random(line_length)
    before_dir, after_dir = tmp_path / "before", tmp_path / "after"
    before_dir.mkdir()
    after_dir.mkdir()
    for number in range(100):
        (before_dir / f"p{number}.py").write_text(_program(rng))
    ruff_format = [*RUFF.argv, "format", "--isolated", "--line-length", str(line_length)]
    subprocess.run([*ruff_format, "--quiet", str(before_dir)], check=True)
    laid_out = 0
    for path in sorted(before_dir.iterdir()):
        before = path.read_text()
        after = cst.parse_module(before).visit(_Fix()).code
        result = relayout(before, after, after_dir / path.name, RUFF, line_length)
        compile(result.text, path.name, "exec")
        assert {left.reason for left in result.left} <= {Reason.KEPT}, (after, result.left)
        laid_out += bool(result.laid_out)
        (after_dir / path.name).write_text(result.text)
    assert laid_out >= 40  # the generator reaches the layout

    check = subprocess.run(
        [*ruff_format, "--check", str(after_dir)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, subprocess.run(
        [*ruff_format, "--diff", str(after_dir)], capture_output=True, text=True, check=False
    ).stdout


def test_black_importable_here_runs_as_a_module_of_this_python() -> None:
    assert BLACK.argv == (sys.executable, "-m", "black")
    assert BLACK.version >= (23, 11)
