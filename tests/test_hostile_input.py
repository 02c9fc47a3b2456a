"""Hostile input, beyond ``test_cli.py``'s bad files: ``check`` reports, ``--fix`` never breaks.

Each case is reported with its path and a clear message, the run goes on with the other
files, the exit code is 2, and no file is modified unless its fix parses. Where ``--fix``
does write, every byte outside its edits is kept, which ``properties.edit_violations``
checks (as the corpus sweep does); a statement the fix made
too long is laid out by the formatter (ruff), only where it was formatter-clean before.

Cases that could kill the interpreter (deep nesting) run the console script in a
subprocess, so a RecursionError or a crash of LibCST's native parser shows as a failed
test, not a dead test run.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from properties import edit_violations
from support import (
    FIXED,
    NAIVE,
    NAIVE_MESSAGE,
    SYNTAX_ERROR,
    TOOLCFG_SCRIPT,
    freeze_mtime,
    invoke,
    leftovers,
    lines,
    make_runner,
    run_script,
    run_unprivileged,
    write,
)

from toolcfg.cli import main
from toolcfg.pipeline import check_source

#: What the fix forwards at each call.
FORWARDED = b"config=patch_config(config, callbacks=callbacks)"


# --- every kind of line ending, form feeds, tabs and a BOM ----------------------------

# A UTF-8 BOM and a coding cookie; CRLF, LF and lone CR line endings; form feeds on their
# own line and inside one; tab indentation and tabs inside a signature and a call; a
# non-ASCII comment. CPython compiles it (checked below).
MIXED = (
    b"\xef\xbb\xbf# -*- coding: utf-8 -*-\r\n"
    b'"""Tools, with every kind of line ending."""\r\n'
    b"from langchain_core.tools import tool\n"
    b"\x0c\r\n"
    b"# page two\x0c\r\n"
    b"@tool\r\n"
    b"async def ask(question: str) -> str:\r\n"
    b'\t"""Answer a question."""\r\n'
    b"\tanswer = await model.ainvoke(question)  # caf\xc3\xa9\n"
    b"\treturn answer.content\r\n"
    b"\x0c\n"
    b"\n"
    b"@tool\r"
    b"async def other(\ttext: str,\tk: int = 3) -> str:\r"
    b'\t"""Rewrite text."""\r'
    b"\treturn (await model.ainvoke(\r"
    b"\t\ttext,\t# tabbed comment\r"
    b"\t)).content\r"
)

# The fix: insertions, the rest byte for byte, the last lone CR included. New lines take the
# file's first line ending (CRLF), as LibCST writes them. The signature of `ask` was as ruff
# lays it out, so ruff lays out what the fix made too long; nothing else in this file was.
MIXED_FIXED = (
    b"\xef\xbb\xbf# -*- coding: utf-8 -*-\r\n"
    b'"""Tools, with every kind of line ending."""\r\n'
    b"from langchain_core.callbacks import Callbacks\r\n"
    b"from langchain_core.runnables import RunnableConfig, patch_config\r\n"
    b"from langchain_core.tools import tool\n"
    b"\x0c\r\n"
    b"# page two\x0c\r\n"
    b"@tool\r\n"
    b"async def ask(\r\n"
    b"    question: str, config: RunnableConfig, callbacks: Callbacks = None\r\n"
    b") -> str:\r\n"
    b'\t"""Answer a question."""\r\n'
    b"\tanswer = await model.ainvoke(question, config=patch_config(config, callbacks=callbacks))"
    b"  # caf\xc3\xa9\n"
    b"\treturn answer.content\r\n"
    b"\x0c\n"
    b"\n"
    b"@tool\r"
    b"async def other(\ttext: str,\tk: int = 3,\t*,\tconfig: RunnableConfig,"
    b"\tcallbacks: Callbacks = None) -> str:\r"
    b'\t"""Rewrite text."""\r'
    b"\treturn (await model.ainvoke(\r"
    b"\t\ttext,\t# tabbed comment\r"
    b"\t\tconfig=patch_config(config, callbacks=callbacks),\r\n"
    b"\t)).content\r"
)

# The fix as its edits write it, before ruff lays out the signature of `ask`: what the json
# edits give.
MIXED_EDITED = MIXED_FIXED.replace(
    b"async def ask(\r\n"
    b"    question: str, config: RunnableConfig, callbacks: Callbacks = None\r\n"
    b") -> str:\r\n",
    b"async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None)"
    b" -> str:\r\n",
)


def test_mixed_file_is_valid_python() -> None:
    compile(MIXED, "mixed.py", "exec")
    compile(MIXED_FIXED, "mixed.py", "exec")
    compile(MIXED_EDITED, "mixed.py", "exec")


def test_fix_keeps_every_byte_outside_its_edits_in_a_mixed_file(workdir: Path) -> None:
    path = write(workdir / "mixed.py", MIXED)
    result = invoke("check", "--fix", "--no-cache", "mixed.py")
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    assert path.read_bytes() == MIXED_FIXED
    assert edit_violations(MIXED, MIXED_FIXED) == []
    again = invoke("check", "--no-cache", "mixed.py")
    assert (again.exit_code, again.stdout) == (0, "All checks passed!\n")


# The mixed file with syntax of Python 3.10 to 3.14 between its tools, in its line endings,
# tabs and a non-ASCII name: every Python toolcfg runs on reads it (through LibCST where its
# own parser cannot), finds both tools, and fixes them as in the file without it.
NEWER_SYNTAX = (
    b"def first[T = str](items: list[T]) -> T:\r\n"
    b"\tmatch items:\r\n"
    b"\t\tcase [caf\xc3\xa9, *_] if caf\xc3\xa9:\r"
    b'\t\t\treturn f"{caf\xc3\xa9["k"]!r:>{len(t"{items}")}}"\r\n'
    b"\ttry:\n"
    b"\t\treturn items[0]\n"
    b"\texcept* KeyError, ValueError:\r\n"
    b"\t\traise\r\n"
    b"\x0c\r\n"
    b"type Pair[T] = tuple[T, T]\r\n"
    b"\n"
)


def _with_newer_syntax(text: bytes) -> bytes:
    before, after = text.split(b"@tool\rasync def other", 1)
    return before + NEWER_SYNTAX + b"@tool\rasync def other" + after


def test_a_mixed_file_in_newer_syntax_is_read_and_fixed_alike(workdir: Path) -> None:
    source = _with_newer_syntax(MIXED)
    with pytest.raises(SyntaxError):  # Python 3.14's syntax (t-strings, except* A, B)
        compile(source, "mixed.py", "exec")
    path = write(workdir / "mixed.py", source)
    checked = invoke("check", "--no-cache", "mixed.py")
    assert checked.exit_code == 1, checked.stderr
    found = [line.split(" ")[0] for line in lines(checked.stdout)[:-1]]
    assert found == ["mixed.py:7:11:", "mixed.py:25:11:"]
    result = invoke("check", "--fix", "--no-cache", "mixed.py")
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    assert path.read_bytes() == _with_newer_syntax(MIXED_FIXED)
    assert edit_violations(source, path.read_bytes()) == []


def test_a_last_lone_cr_survives_the_fix(workdir: Path) -> None:
    # LibCST drops a file's last "\r" when it writes the file back; the fix must not.
    path = write(workdir / "mac.py", NAIVE.replace("\n", "\r"))
    assert invoke("check", "--fix", "--no-cache", "mac.py").exit_code == 0
    assert path.read_bytes() == FIXED.replace("\n", "\r").encode()


def _apply_like_an_editor(text: str, edits: list[dict]) -> str:  # type: ignore[type-arg]
    """Apply JSON edits as an editor does: rows and columns over lines broken at \\n, \\r\\n
    and \\r only (the Language Server Protocol's definition), not str.splitlines'."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(location: dict[str, int]) -> int:
        return starts[location["row"] - 1] + location["column"] - 1

    for edit in sorted(edits, key=lambda e: offset(e["location"]), reverse=True):
        text = (
            text[: offset(edit["location"])]
            + edit["content"]
            + text[offset(edit["end_location"]) :]
        )
    return text


def test_json_edits_count_lines_like_editors_do(workdir: Path) -> None:
    # Form feeds and lone CRs: str.splitlines would count extra lines, and every row after
    # them would point an editor at the wrong line.
    write(workdir / "mixed.py", MIXED)
    result = invoke("check", "--no-cache", "--output-format", "json", "mixed.py")
    findings = json.loads(result.stdout)
    text = MIXED.decode("utf-8-sig")
    edits = [edit for finding in findings for edit in finding["fix"]["edits"]]
    unique = [json.loads(e) for e in sorted({json.dumps(edit, sort_keys=True) for edit in edits})]
    assert _apply_like_an_editor(text, unique) == MIXED_EDITED.decode("utf-8-sig")
    # Each finding's row is the row of its own signature edit.
    for finding in findings:
        signature = [
            e
            for e in finding["fix"]["edits"]
            if "RunnableConfig" in e["content"] and "import" not in e["content"]
        ]
        assert [e["location"]["row"] for e in signature] == [finding["location"]["row"]]


def test_diff_after_form_feed_applies_with_git_apply(workdir: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    content = NAIVE.replace("\n\n@tool", "\n\x0c\n# page two\x0c x\n@tool").replace("\n", "\r\n")
    path = write(workdir / "ff.py", content)
    diff = invoke("check", "--diff", "--no-cache", "ff.py")
    assert diff.exit_code == 1
    patch = diff.stdout_bytes[: diff.stdout_bytes.rindex(b"Would fix")]  # .stdout folds CRLF
    assert invoke("check", "--fix", "--no-cache", "ff.py").exit_code == 0
    fixed = path.read_bytes()
    path.write_bytes(content.encode())
    write(workdir / "change.patch", patch)
    applied = subprocess.run(
        [git, "apply", "-p0", "change.patch"],
        check=False,
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    assert applied.returncode == 0, applied.stderr
    assert path.read_bytes() == fixed


def test_noqa_after_form_feed_silences_its_own_line(workdir: Path) -> None:
    source = NAIVE.replace("\n\n@tool", "\n\x0c\n@tool").replace(
        "-> str:\n", "-> str:  # noqa: TCF001\n"
    )
    write(workdir / "ff.py", source)
    result = invoke("check", "--no-cache", "--extend-select", "TCF9", "ff.py")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_full_output_quotes_the_finding_line_after_form_feed(workdir: Path) -> None:
    write(workdir / "ff.py", NAIVE.replace("\n\n@tool", "\n\x0c\n# \x0b \x1c \x85 \u2028\n@tool"))
    result = invoke("check", "--no-cache", "--output-format", "full", "ff.py")
    assert "5 | async def ask(question: str) -> str:" in result.stdout.split("\n"), result.stdout


# --- empty and nearly empty files ------------------------------------------------------

NEARLY_EMPTY = {
    "empty": b"",
    "bom only": b"\xef\xbb\xbf",
    "newline": b"\n",
    "crlf": b"\r\n",
    "lone cr": b"\r",
    "form feed": b"\x0c",
    "whitespace": b" \t \n\n",
    "comment naming everything": b"# langchain @tool x.ainvoke( RunnableConfig\n",
    "docstring naming everything": b'"""langchain @tool x.ainvoke( config=1"""',
}


@pytest.mark.parametrize("content", list(NEARLY_EMPTY.values()), ids=list(NEARLY_EMPTY))
def test_nearly_empty_file_passes_and_is_not_touched(workdir: Path, content: bytes) -> None:
    path = write(workdir / "empty.py", content)
    mtime = freeze_mtime(path)
    for args, says in (
        ("check", "All checks passed!"),
        ("--fix", "All checks passed!"),
        ("--diff", "No fixes available."),
    ):
        result = invoke(
            "check", *args.split()[1:] if args == "check" else [args], "--no-cache", "empty.py"
        )
        assert (result.exit_code, result.stdout, result.stderr) == (0, says + "\n", ""), args
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == mtime


def test_empty_stdin(workdir: Path) -> None:
    result = make_runner().invoke(main, ["check", "--fix", "-"], input=b"", catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


# --- size -----------------------------------------------------------------------------

FIVE_MB = 5 * 1024 * 1024


def _five_mb_of_data_with_two_tools() -> tuple[bytes, bytes]:
    """A generated module: a naive tool, 5 MB of data in a tuple, another naive tool."""
    row = "    " + repr("0123456789abcdef" * 62) + ",\n"
    rows = row * (FIVE_MB // len(row) + 1)
    second = NAIVE.split("\n", 2)[2].replace("ask", "ask_again")
    source = NAIVE + "\n\nDATA = (\n" + rows + ")\n\n" + second
    second_fixed = FIXED.split("\n", 4)[4].replace("ask", "ask_again")
    fixed = FIXED + "\n\nDATA = (\n" + rows + ")\n\n" + second_fixed
    return source.encode(), fixed.encode()


def test_five_megabyte_generated_file_is_fixed_in_reasonable_time(workdir: Path) -> None:
    source, expected = _five_mb_of_data_with_two_tools()
    assert len(source) > FIVE_MB
    path = write(workdir / "generated.py", source)
    started = time.perf_counter()
    result = invoke("check", "--fix", "--no-cache", "generated.py")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == expected
    assert elapsed < 60, f"--fix took {elapsed:.1f} s on a 5 MB file"


def test_five_megabyte_file_of_other_code_is_ruled_out_quickly(workdir: Path) -> None:
    # Generated code that is not LangChain's: the byte prefilter rules it out unparsed.
    block = "def helper_{0}(x, y=2):\n    return [x * y + {0} for _ in range(3)]\n\n\n"
    source = "".join(block.format(i) for i in range(FIVE_MB // len(block) + 1)).encode()
    write(workdir / "generated.py", source)
    started = time.perf_counter()
    result = invoke("check", "--fix", "--no-cache", "generated.py")
    elapsed = time.perf_counter() - started
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    assert elapsed < 10, f"check took {elapsed:.1f} s on a 5 MB file"


# --- deep nesting, in a subprocess ----------------------------------------------------


def _nested_parentheses(depth: int) -> str:
    return NAIVE + "\n\nx = " + "(" * depth + "1" + ")" * depth + "\n"


def _nested_ifs(depth: int, with_tool_inside: bool = False) -> str:
    head = NAIVE if not with_tool_inside else NAIVE.rsplit("\n    return", 1)[0] + "\n"
    indent = "    " if with_tool_inside else ""
    body = "".join(indent + "    " * level + f"if x{level}:\n" for level in range(depth))
    last = (
        indent
        + "    " * depth
        + ("return (await model.ainvoke(question)).content\n" if with_tool_inside else "y = 1\n")
    )
    return head + ("\n" if not with_tool_inside else "") + body + last


#: Python 3.12's syntax.
NEWER = "def first[T](items: list[T]) -> T:\n    return items[0]\n\n\n"

DEEP_VALID = {
    "parens_100.py": _nested_parentheses(100),
    "ifs_95_in_tool.py": _nested_ifs(95, with_tool_inside=True),
}
DEEP_INVALID = {
    # CPython refuses each of these; so must toolcfg, with a message and without crashing.
    "parens_1000.py": (_nested_parentheses(1000), "too many nested parentheses"),
    "brackets_5000.py": (
        NAIVE + "\nx = " + "[" * 5000 + "]" * 5000 + "\n",
        "too many nested parentheses",
    ),
    "parens_100000.py": (_nested_parentheses(100_000), "too many nested parentheses"),
    "ifs_150.py": (_nested_ifs(150), "too many levels of indentation"),
    "calls_5000.py": (
        NAIVE + "\nx = f" + "()" * 5000 + "\n",
        "the code is nested too deeply",
    ),
    # Newer syntax in front sends the file to LibCST on Pythons that cannot read it; its
    # parser overflowed even a 512 MB stack on the parentheses, killing the run.
    "generic_deep_parens.py": (
        NEWER + _nested_parentheses(100_000),
        "too many nested parentheses",
    ),
    "generic_deep_ifs.py": (NEWER + _nested_ifs(150), "too many levels of indentation"),
}


def _refused(content: str) -> bool:
    """Does this interpreter's parser refuse it, as toolcfg reads modules? How deep it
    goes depends on the Python: ``f()()...`` 5,000 deep is read by 3.9's ``ast`` (its
    compiler then runs out of recursion) and compiled whole by 3.13."""
    try:
        ast.parse(content)
    except (SyntaxError, RecursionError, MemoryError):
        return True
    return False


def test_deep_nesting_is_fixed_or_reported_never_a_crash(tmp_path: Path) -> None:
    refused = {name: case for name, case in DEEP_INVALID.items() if _refused(case[0])}
    assert "parens_1000.py" in refused  # every Python refuses most of them
    read = {name: content for name, (content, _) in DEEP_INVALID.items() if name not in refused}
    for name, content in DEEP_VALID.items():
        compile(content, name, "exec")
        write(tmp_path / name, content)
    for name, content in read.items():
        write(tmp_path / name, content)
    for name, (content, _) in refused.items():
        write(tmp_path / name, content)
    write(tmp_path / "naive.py", NAIVE)
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}

    result = run_script("check", "--fix", "--no-cache", ".", cwd=tmp_path, timeout=120)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for name, (_, message) in refused.items():
        reported = [line for line in lines(result.stderr) if name in line]
        assert len(reported) == 1 and message in reported[0], result.stderr
        assert (tmp_path / name).read_bytes() == before[name]
    for name in [*DEEP_VALID, *read, "naive.py"]:
        fixed = (tmp_path / name).read_bytes()
        assert fixed != before[name] and FORWARDED in fixed, name
        if name in read:
            # Read by this Python, but deeper than LibCST can walk: the fix of the tool in
            # front leaves the deep statement byte for byte as it was.
            deep = before[name][len(NAIVE.encode()) :]
            assert before[name].startswith(NAIVE.encode()) and fixed.endswith(deep), name
            continue
        compile(fixed, name, "exec")
        assert edit_violations(before[name], fixed) == []


def test_very_long_expression_is_reported_not_a_crash(tmp_path: Path) -> None:
    # LibCST's native parser overflows a default C stack here (Instagram/LibCST#619);
    # toolcfg parses on a larger one, so it is a reported error, not a dead process. The
    # expression is in the tool's body: LibCST parses the functions it analyses, only them.
    docstring = '    """Answer a question."""\n'
    long_line = "    x = " + " and ".join(["a"] * 10_000) + "\n"
    content = NAIVE.replace(docstring, docstring + long_line)
    compile(content, "long.py", "exec")
    write(tmp_path / "long.py", content)
    write(tmp_path / "generic_long.py", NEWER + content)  # read through LibCST before 3.12
    write(tmp_path / "naive.py", NAIVE)
    result = run_script("check", "--no-cache", ".", cwd=tmp_path, timeout=120)
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr}"
    assert "error: long.py: cannot parse: the code is nested too deeply for LibCST" in result.stderr
    assert (
        "generic_long.py: cannot parse: the code is nested too deeply for LibCST" in result.stderr
    )
    assert f"naive.py:4:11: {NAIVE_MESSAGE}" in result.stdout


def test_a_bytes_annotation_is_read_as_no_name_not_a_crash() -> None:
    # typing evaluates a string annotation, never a bytes one: b"Bar" names nothing, so the
    # TYPE_CHECKING-only ``Bar`` does not keep the fix from the tool.
    source = (
        "from typing import TYPE_CHECKING\n"
        "from langchain_core.tools import BaseTool\n"
        "if TYPE_CHECKING:\n"
        "    from app import Bar\n"
        "class Ask(BaseTool):\n"
        "    async def _arun(self, question: b'Bar') -> str:\n"
        "        return await model.ainvoke(question)\n"
    )
    findings = check_source(source)
    assert [(finding.code, finding.fix is not None) for finding in findings] == [("TCF021", True)]


# --- permissions, links and names -----------------------------------------------------


def test_fix_leaves_a_read_only_file_alone_and_reports_it(tmp_path: Path) -> None:
    # The atomic write renames a temporary over the file, which only needs the directory
    # to be writable: the file's own permission must be checked, or it is overwritten.
    write(tmp_path / "naive.py", NAIVE)
    locked = write(tmp_path / "locked.py", NAIVE)
    locked.chmod(0o444)
    try:
        result = run_unprivileged("check", "--fix", "--no-cache", ".", cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    assert result.returncode == 2
    assert "locked.py: cannot write: Permission denied" in result.stderr, result.stderr
    assert locked.read_text() == NAIVE
    assert (tmp_path / "naive.py").read_text() == FIXED
    assert leftovers(tmp_path) == []


def test_fix_in_a_read_only_directory_reports_and_leaves_nothing(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    locked = tmp_path / "locked"
    inner = write(locked / "inner.py", NAIVE)
    locked.chmod(0o555)
    try:
        result = run_unprivileged("check", "--fix", "--no-cache", ".", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2
    inner_name = str(Path("locked", "inner.py"))
    assert f"{inner_name}: cannot write: Permission denied" in result.stderr, result.stderr
    assert inner.read_text() == NAIVE
    assert (tmp_path / "naive.py").read_text() == FIXED
    assert leftovers(locked) == []


@pytest.mark.parametrize("how", ["named", "walked"])
def test_fix_writes_through_a_symlink_to_another_directory(tmp_path: Path, how: str) -> None:
    real = write(tmp_path / "elsewhere" / "real.py", NAIVE)
    project = tmp_path / "project"
    project.mkdir()
    link = project / "link.py"
    os.symlink(os.path.join("..", "elsewhere", "real.py"), link)
    result = run_script(
        "check", "--fix", "--no-cache", "link.py" if how == "named" else ".", cwd=project
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "elsewhere", "real.py")
    assert real.read_text() == FIXED
    assert leftovers(project) == [] and leftovers(real.parent) == []


def test_paths_with_spaces_and_non_ascii_names(tmp_path: Path) -> None:
    directory = tmp_path / "my tools"
    nice = write(directory / "naïve tool ü.py", NAIVE)
    raw = os.fsencode(str(directory)) + b"/bad\xff name.py"  # not UTF-8: a surrogate escape
    with open(raw, "wb") as handle:
        handle.write(NAIVE.encode())
    # A name that is not UTF-8 is printed as its bytes, as git and ruff do.
    command = [str(TOOLCFG_SCRIPT), "check", "--no-cache", "my tools"]
    found = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True, timeout=60)
    assert (found.returncode, found.stderr) == (1, b""), found.stderr
    stdout = found.stdout.decode("utf-8", "surrogateescape")
    assert f"{Path('my tools', 'naïve tool ü.py')}:4:11: TCF001" in stdout, stdout
    assert f"{os.fsdecode(raw)[len(str(tmp_path)) + 1 :]}:4:11: TCF001" in stdout, stdout
    fixed = subprocess.run(
        [*command[:2], "--fix", *command[2:]],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert fixed.returncode == 0, fixed.stderr
    assert nice.read_text() == FIXED
    with open(raw, "rb") as handle:
        assert handle.read() == FIXED.encode()
    assert leftovers(directory) == []


# --- coding cookies -------------------------------------------------------------------

_UTF8_TOOL = NAIVE.replace("Answer a question.", "Réponds à une question.").encode()
_LATIN1_TOOL = NAIVE.replace("Answer a question.", "Réponds à une question.").encode("latin-1")

WRONG_COOKIES: dict[str, tuple[bytes, str]] = {
    # name: (bytes, a word the message must contain)
    "ascii cookie, UTF-8 bytes": (b"# -*- coding: ascii -*-\n" + _UTF8_TOOL, "ascii"),
    "utf-8 cookie, latin-1 bytes": (b"# -*- coding: utf-8 -*-\n" + _LATIN1_TOOL, "utf-8"),
    "latin-1 cookie after a UTF-8 BOM": (
        b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n" + _LATIN1_TOOL,
        "encoding",
    ),
    "cp1252 cookie, undefined byte": (
        b"# coding: cp1252\n" + _LATIN1_TOOL.replace(b"\xe9", b"\x81"),
        "charmap",
    ),
    "utf-16 cookie on UTF-8 text": (b"# coding: utf-16\n" + _UTF8_TOOL, "cannot parse"),
    "cookie on line 3 is ignored": (
        b"#!/usr/bin/env python\n\n# coding: latin-1\n" + _LATIN1_TOOL,
        "utf-8",
    ),
    "unknown cookie after a BOM": (b"\xef\xbb\xbf# coding: klingon\n" + _UTF8_TOOL, "klingon"),
    "euc-jp cookie, UTF-8 bytes": (
        b"# coding: euc-jp\n" + _UTF8_TOOL.replace("é".encode(), "あ".encode()),
        "euc_jp",
    ),
}


@pytest.mark.parametrize("content, word", list(WRONG_COOKIES.values()), ids=list(WRONG_COOKIES))
def test_wrong_coding_cookie_is_reported_and_left_alone(
    workdir: Path, content: bytes, word: str
) -> None:
    with pytest.raises(SyntaxError):
        compile(content, "bad.py", "exec")
    bad = write(workdir / "bad.py", content)
    naive = write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--fix", "--no-cache", ".")
    assert result.exit_code == 2
    reported = [line for line in lines(result.stderr) if "bad.py" in line]
    assert len(reported) == 1 and "cannot parse" in reported[0] and word in reported[0], (
        result.stderr
    )
    assert bad.read_bytes() == content
    assert naive.read_text() == FIXED


def test_every_hostile_file_at_once_is_reported_once_and_others_fixed(workdir: Path) -> None:
    names: dict[str, bytes] = {
        f"cookie_{i}.py": content for i, (content, _) in enumerate(WRONG_COOKIES.values())
    }
    names["syntax.py"] = SYNTAX_ERROR.encode()
    names["nested.py"] = _nested_parentheses(1000).encode()
    for name, content in names.items():
        write(workdir / name, content)
    naive = write(workdir / "naive.py", NAIVE)
    mixed = write(workdir / "mixed.py", MIXED)
    result = invoke("check", "--fix", "--no-cache", ".")
    assert result.exit_code == 2
    *reported, summary = lines(result.stdout)
    for name, content in names.items():
        assert sum(name in line for line in lines(result.stderr)) == 1, (name, result.stderr)
        assert sum(line.startswith(f"{name}:") for line in reported) == 1, (name, reported)
        assert (workdir / name).read_bytes() == content
    assert len(reported) == len(names)
    assert naive.read_text() == FIXED
    assert mixed.read_bytes() == MIXED_FIXED
    assert summary == (
        f"Found 3 problems (3 fixed, 0 remaining). {len(names)} files could not be checked."
    )


def test_a_latin1_tool_without_a_coding_cookie_costs_only_itself(workdir: Path) -> None:
    """Regression: a file the prefilter passes (it defines a tool) whose bytes are Latin-1
    with no coding declaration made ``--fix`` report an internal error for every file and
    fix nothing; decoding it failed while the fix loop gathered the project's texts."""
    latin = NAIVE.replace('"""Answer a question."""', '"""R\xe9pondre."""').encode("latin-1")
    with pytest.raises(SyntaxError):
        compile(latin, "latin.py", "exec")
    bad = write(workdir / "latin.py", latin)
    naive = write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--fix", "--no-cache", ".")
    assert result.exit_code == 2
    [reported] = [line for line in lines(result.stderr) if "latin.py" in line]
    assert reported.startswith("error: latin.py: cannot parse: ") and "0xe9" in reported, reported
    assert "internal error" not in result.stderr
    assert bad.read_bytes() == latin
    assert naive.read_text() == FIXED
