"""The command line: output format, exit codes, bad input, and what ``--fix`` keeps.

Most tests drive ``toolcfg.cli.main`` through click's ``CliRunner`` inside a temporary
working directory, so reported paths are relative (``good.py``). A few run the installed
console script and ``python -m toolcfg`` in a subprocess, which is how users and
pre-commit call it; the symlink-loop test does too, so a hang becomes a timeout.

Bad files must look like candidates to the byte prefilter (a LangChain import, a target
such as ``@tool`` and a runnable call): it never parses other files, so a broken file
without them passes silently (tested below).
"""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path
from typing import Any, Callable

import pytest
from support import (
    CLEAN,
    FIXED,
    FOREIGN_CONFIG,
    FOREIGN_FIXED,
    FOREIGN_MESSAGE,
    HELPER,
    HELPER_FIXED,
    NAIVE,
    NAIVE_MESSAGE,
    SYNTAX_ERROR,
    UNFIXABLE,
    UNFIXABLE_MESSAGE,
    WHERE,
    freeze_mtime,
    invoke,
    lines,
    make_runner,
    run_module,
    run_script,
    run_unprivileged,
    stderr_names,
    write,
    write_helper_project,
)

import toolcfg.formatters
import toolcfg.linter.analyze
import toolcfg.scan
from toolcfg import __version__
from toolcfg.cli import main

INTERNAL = (
    "internal error in toolcfg while analysing this file; please report it with the "
    "traceback printed on stderr"
)

# A tool that forwards the config it was called with: TCF003 at 7:25.
SIBLING = '''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return (await model.ainvoke(question, config=config)).content
'''


# --- check: discovery and output --------------------------------------------------------


def test_check_clean_prints_all_checks_passed_and_exits_0(workdir: Path) -> None:
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", "clean.py")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed!\n"
    assert result.stderr == ""


def test_check_finding_prints_path_line_col_code_message_and_summary(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "naive.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    assert result.stderr == ""


def test_check_without_paths_checks_current_directory(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    write(workdir / "pkg" / "clean.py", CLEAN)
    result = invoke("check")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_check_output_is_sorted_by_path_and_line(workdir: Path) -> None:
    # Within one file an unfixable TCF002 comes before a TCF001 and a fixable TCF002, so
    # an analysis that collects one rule at a time would print them out of line order.
    write(
        workdir / "a.py",
        '''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def first(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return [(await model.ainvoke(question)).content for config in configs][0]


@tool
async def second(question: str) -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content


@tool
async def third(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content
''',
    )
    write(workdir / "b.py", NAIVE)
    write(workdir / "sub" / "c.py", NAIVE)
    # Arguments given in reverse order: the output is still sorted.
    result = invoke("check", "sub", "b.py", "a.py")
    assert result.exit_code == 1
    sub_c = str(Path("sub", "c.py"))
    assert lines(result.stdout) == [
        (
            "a.py:8:26: TCF002 `model.ainvoke()` does not forward `config` in async tool "
            f"`first`{WHERE} (no fix: `config` is a different name in a comprehension)"
        ),
        (
            "a.py:12:11: TCF001 [*] Async tool `second` takes no `RunnableConfig` parameter, "
            f"so 1 runnable call drops the caller's config{WHERE}"
        ),
        (
            "a.py:20:25: TCF002 [*] `model.ainvoke()` does not forward `config` in async "
            f"tool `third`{WHERE}"
        ),
        f"b.py:4:11: {NAIVE_MESSAGE}",
        f"{sub_c}:4:11: {NAIVE_MESSAGE}",
        "Found 5 problems (4 fixable with --fix).",
    ]


def test_check_summary_counts_fixable_and_unfixable(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    write(workdir / "other.py", NAIVE)
    write(workdir / "unfixable.py", UNFIXABLE)
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        f"other.py:4:11: {NAIVE_MESSAGE}",
        f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}",
        "Found 3 problems (2 fixable with --fix).",
    ]


def test_check_reports_a_tool_that_forwards_the_config_it_was_called_with(
    workdir: Path,
) -> None:
    # LangChain hands a tool its caller's config: forwarding it files the inner run beside
    # the tool's run. The fix forwards the tool run's callbacks instead.
    path = write(workdir / "sibling.py", SIBLING)
    result = invoke("check", "sibling.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        (
            "sibling.py:7:25: TCF003 [*] `model.ainvoke()` forwards the config async tool `ask` "
            "was called with, so its run is filed beside the tool's run instead of under it"
        ),
        "Found 1 problem (1 fixable with --fix).",
    ]
    assert invoke("check", "--fix", "sibling.py").exit_code == 0
    assert path.read_text() == FIXED  # the same fix as a tool without a config


@pytest.mark.parametrize(
    "skipped",
    [".git", ".venv", "venv", "__pycache__", "build", "dist", ".tox", ".nox", "node_modules"],
)
def test_check_skips_tool_and_vendor_directories(workdir: Path, skipped: str) -> None:
    write(workdir / skipped / "naive.py", NAIVE)
    write(workdir / "pkg" / skipped / "deep" / "naive.py", NAIVE)
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", ".")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed!\n"


def test_check_walks_only_py_files(workdir: Path) -> None:
    write(workdir / "notes.txt", NAIVE)
    write(workdir / "script", NAIVE)
    write(workdir / "module.py.bak", NAIVE)
    result = invoke("check", ".")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed!\n"


def test_check_directory_named_like_a_py_file_is_walked_not_read(workdir: Path) -> None:
    (workdir / "empty.py").mkdir()
    write(workdir / "pkg.py" / "inner.py", NAIVE)
    inner = str(Path("pkg.py", "inner.py"))
    expected = [f"{inner}:4:11: {NAIVE_MESSAGE}", "Found 1 problem (1 fixable with --fix)."]

    walked = invoke("check", ".")
    assert (walked.exit_code, walked.stderr) == (1, "")
    assert lines(walked.stdout) == expected

    given = invoke("check", "pkg.py", "empty.py")
    assert (given.exit_code, given.stderr) == (1, "")
    assert lines(given.stdout) == expected


def test_check_symlink_loop_in_directory_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "naive.py", NAIVE)
    os.symlink("..", tmp_path / "pkg" / "up")  # pkg/up/pkg/up/... forever if followed
    os.symlink(".", tmp_path / "pkg" / "self")
    result = run_script("check", ".", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    naive = str(Path("pkg", "naive.py"))
    assert lines(result.stdout) == [
        f"{naive}:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


# --- bad input --------------------------------------------------------------------------


def _syntax_error(path: Path) -> None:
    write(path, SYNTAX_ERROR)


def _not_utf8(path: Path) -> None:
    # Latin-1 bytes and no coding cookie: Python reads source as UTF-8.
    write(
        path,
        b'from langchain_core.tools import tool\n@tool\nasync def f():\n    x.ainvoke("caf\xe9")\n',
    )


def _bad_cookie(path: Path) -> None:
    write(
        path,
        "# -*- coding: no-such-codec -*-\n"
        "from langchain_core.tools import tool\n@tool\nasync def f():\n    x.ainvoke(1)\n",
    )


def _dangling_symlink(path: Path) -> None:
    os.symlink("missing.py", path)


def _symlink_to_itself(path: Path) -> None:
    os.symlink(path.name, path)


BAD_FILES = {
    "syntax error": _syntax_error,
    "not UTF-8, no coding cookie": _not_utf8,
    "unknown coding cookie": _bad_cookie,
    "dangling symlink": _dangling_symlink,
    "symlink to itself": _symlink_to_itself,
}

# How each bad file is reported: where, under which name, and why.
BAD_FILE_LINES = {
    "syntax error": "bad.py:3:13: parse-error: invalid syntax",
    "not UTF-8, no coding cookie": (
        "bad.py:4:19: parse-error: cannot decode the file as utf-8: 'utf-8' codec can't "
        "decode byte 0xe9 in position 77: invalid continuation byte"
    ),
    "unknown coding cookie": "bad.py:1:1: parse-error: unknown encoding: no-such-codec",
    "dangling symlink": "bad.py:1:1: read-error: No such file or directory",
    "symlink to itself": "bad.py:1:1: read-error: Too many levels of symbolic links",
}


@pytest.mark.parametrize("bad", list(BAD_FILES))
@pytest.mark.parametrize("how", ["walked", "named"])
def test_check_bad_file_is_reported_and_run_goes_on(workdir: Path, bad: str, how: str) -> None:
    write(workdir / "a_naive.py", NAIVE)
    BAD_FILES[bad](workdir / "bad.py")
    write(workdir / "z_naive.py", NAIVE)
    args = ["."] if how == "walked" else ["a_naive.py", "bad.py", "z_naive.py"]
    result = invoke("check", *args)
    assert result.exit_code == 2
    [error] = lines(result.stderr)
    assert error.startswith("error: bad.py: cannot "), error
    assert lines(result.stdout) == [
        f"a_naive.py:4:11: {NAIVE_MESSAGE}",
        BAD_FILE_LINES[bad],
        f"z_naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 2 problems (2 fixable with --fix). 1 file could not be checked.",
    ]


def test_check_nonexistent_path_argument_is_reported_and_run_goes_on(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "no_such_file.py", "naive.py", "no_such_dir")
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        "error: no_such_dir: cannot read: No such file or directory",
        "error: no_such_file.py: cannot read: No such file or directory",
    ]
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "no_such_dir:1:1: read-error: No such file or directory",
        "no_such_file.py:1:1: read-error: No such file or directory",
        "Found 1 problem (1 fixable with --fix). 2 files could not be checked.",
    ]


def test_check_every_bad_file_is_reported_once(workdir: Path) -> None:
    # Once on stderr for a person and once in the report; never "All checks passed!".
    names = ["b1.py", "b2.py", "b3.py", "b4.py", "b5.py"]
    for name, make_bad in zip(names, BAD_FILES.values()):
        make_bad(workdir / name)
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", ".", "missing_arg.py")
    assert result.exit_code == 2
    for name in [*names, "missing_arg.py"]:
        assert sum(name in line for line in lines(result.stderr)) == 1, result.stderr
    assert lines(result.stdout) == [
        *(line.replace("bad.py", name) for name, line in zip(names, BAD_FILE_LINES.values())),
        "missing_arg.py:1:1: read-error: No such file or directory",
        "6 files could not be checked.",
    ]


def test_check_unreadable_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    secret = write(tmp_path / "secret.py", NAIVE)
    secret.chmod(0)
    try:
        result = run_unprivileged("check", ".", cwd=tmp_path)
    finally:
        secret.chmod(0o644)
    assert result.returncode == 2
    assert lines(result.stderr) == ["error: secret.py: cannot read: Permission denied"]
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "secret.py:1:1: read-error: Permission denied",
        "Found 1 problem (1 fixable with --fix). 1 file could not be checked.",
    ]


def test_check_unreadable_directory_is_reported(tmp_path: Path) -> None:
    # Its files cannot be read, so the run must not pass silently over them.
    write(tmp_path / "naive.py", NAIVE)
    locked = tmp_path / "locked"
    write(locked / "hidden.py", NAIVE)
    locked.chmod(0)
    try:
        result = run_unprivileged("check", ".", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2
    assert stderr_names(result.stderr, "locked"), result.stderr
    assert lines(result.stdout) == [
        "locked:1:1: read-error: cannot list directory: Permission denied",
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix). 1 file could not be checked.",
    ]


def test_check_named_pipe_is_reported_not_waited_on(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    os.mkfifo(workdir / "pipe.py")
    result = run_script("check", ".", cwd=workdir, timeout=30)
    assert result.returncode == 2
    assert "pipe.py: cannot read: not a regular file" in result.stderr
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "pipe.py:1:1: read-error: not a regular file",
        "Found 1 problem (1 fixable with --fix). 1 file could not be checked.",
    ]


def test_check_file_given_twice_is_reported_once(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", ".", "naive.py", "./naive.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_check_prefilter_skips_broken_file_without_tool_or_runnable_words(
    workdir: Path,
) -> None:
    # Documents the byte prefilter: no runnable-method word, so the file is never parsed
    # and its syntax error goes unreported.
    write(workdir / "broken.py", "from langchain_core.tools import tool\ndef f(:\n")
    write(workdir / "broken_too.py", "x.ainvoke(\n")
    result = invoke("check", ".")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed!\n"
    assert result.stderr == ""


def _raise_on_buggy(original: Callable[..., Any]) -> Callable[..., Any]:
    """``original``, but raising, as a bug in toolcfg would, on a text naming ``buggy``."""

    def raising(data: Any, *args: Any, **kwargs: Any) -> Any:
        if "buggy" in (data.decode() if isinstance(data, bytes) else data):
            raise KeyError("a bug in toolcfg")
        return original(data, *args, **kwargs)

    return raising


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_an_exception_in_the_analysis_is_an_internal_error_and_run_goes_on(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, fix: bool
) -> None:
    analysis = toolcfg.linter.analyze
    monkeypatch.setattr(analysis, "analyze_file", _raise_on_buggy(analysis.analyze_file))
    write(workdir / "a_naive.py", NAIVE)
    buggy = write(workdir / "buggy.py", NAIVE.replace("def ask", "def buggy"))
    z_naive = write(workdir / "z_naive.py", NAIVE)
    result = invoke("check", *(["--fix"] if fix else []), ".")
    assert result.exit_code == 2
    [headline, *traceback] = lines(result.stderr)
    assert headline == f"error: buggy.py: {INTERNAL}:"
    assert traceback[0] == "Traceback (most recent call last):"
    assert traceback[-1] == "KeyError: 'a bug in toolcfg'"
    if fix:
        assert lines(result.stdout) == [
            f"buggy.py:1:1: internal-error: {INTERNAL}",
            "Found 2 problems (2 fixed, 0 remaining). 1 file could not be checked.",
        ]
        assert z_naive.read_text() == FIXED
    else:
        assert lines(result.stdout) == [
            f"a_naive.py:4:11: {NAIVE_MESSAGE}",
            f"buggy.py:1:1: internal-error: {INTERNAL}",
            f"z_naive.py:4:11: {NAIVE_MESSAGE}",
            "Found 2 problems (2 fixable with --fix). 1 file could not be checked.",
        ]
    assert buggy.read_text() == NAIVE.replace("def ask", "def buggy")


def test_an_exception_while_indexing_a_file_is_an_internal_error_and_run_goes_on(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index summarises every file the prefilter lets through, before any analysis: a
    # bug there must cost that file, not the run (and a traceback instead of a report).
    monkeypatch.setattr(toolcfg.scan, "summarize", _raise_on_buggy(toolcfg.scan.summarize))
    write(workdir / "a_naive.py", NAIVE)
    write(workdir / "buggy.py", NAIVE.replace("def ask", "def buggy"))
    write(workdir / "z_naive.py", NAIVE)
    result = make_runner().invoke(main, ["check", "--no-cache", "."])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: buggy.py: {INTERNAL}:\nTraceback"), result.stderr
    assert lines(result.stdout) == [
        f"a_naive.py:4:11: {NAIVE_MESSAGE}",
        f"buggy.py:1:1: internal-error: {INTERNAL}",
        f"z_naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 2 problems (2 fixable with --fix). 1 file could not be checked.",
    ]


def test_fix_bad_file_does_not_stop_fixing_others(workdir: Path) -> None:
    naive = write(workdir / "naive.py", NAIVE)
    write(workdir / "bad.py", SYNTAX_ERROR)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 2
    assert stderr_names(result.stderr, "bad.py"), result.stderr
    assert naive.read_text() == FIXED
    assert (workdir / "bad.py").read_text() == SYNTAX_ERROR


# --- --fix -------------------------------------------------------------------------------


def test_fix_writes_fix_and_exits_0(workdir: Path) -> None:
    path = write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--fix", "naive.py")
    assert result.exit_code == 0
    assert lines(result.stdout) == ["Found 1 problem (1 fixed, 0 remaining)."]
    assert path.read_bytes() == FIXED.encode()


def test_fix_then_check_passes(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    assert invoke("check", "--fix", ".").exit_code == 0
    again = invoke("check", ".")
    assert again.exit_code == 0
    assert again.stdout == "All checks passed!\n"


def test_fix_with_unfixable_problem_exits_1_and_reports_it(workdir: Path) -> None:
    naive = write(workdir / "naive.py", NAIVE)
    unfixable = write(workdir / "unfixable.py", UNFIXABLE)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}",
        "Found 2 problems (1 fixed, 1 remaining).",
    ]
    assert naive.read_bytes() == FIXED.encode()
    assert unfixable.read_bytes() == UNFIXABLE.encode()


def test_fix_only_unfixable_problem_exits_1(workdir: Path) -> None:
    write(workdir / "unfixable.py", UNFIXABLE)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}",
        "Found 1 problem (0 fixed, 1 remaining).",
    ]


def test_fix_merges_a_foreign_config_into_the_received_one(workdir: Path) -> None:
    # The call's own config (its run name, tags) is kept; the caller's callbacks are added.
    path = write(workdir / "foreign.py", FOREIGN_CONFIG)
    reported = invoke("check", "foreign.py")
    assert lines(reported.stdout) == [
        f"foreign.py:7:25: {FOREIGN_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    result = invoke("check", "--fix", "foreign.py")
    assert result.exit_code == 0
    assert lines(result.stdout) == ["Found 1 problem (1 fixed, 0 remaining)."]
    assert path.read_text() == FOREIGN_FIXED


def test_fix_clean_tree_exits_0(workdir: Path) -> None:
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed!\n"


@pytest.mark.parametrize("content", [CLEAN, UNFIXABLE], ids=["clean", "unfixable"])
def test_fix_writes_nothing_when_nothing_is_fixable(workdir: Path, content: str) -> None:
    path = write(workdir / "file.py", content)
    path.chmod(0o640)
    mtime = freeze_mtime(path)
    inode = path.stat().st_ino
    invoke("check", "--fix", ".")
    assert path.read_bytes() == content.encode()
    assert path.stat().st_mtime_ns == mtime
    assert path.stat().st_ino == inode
    # No temporary file is left next to it (the cache directory is expected).
    assert sorted(p.name for p in workdir.iterdir() if p.name != ".toolcfg_cache") == ["file.py"]


def test_fix_keeps_crlf_line_endings(workdir: Path) -> None:
    path = write(workdir / "crlf.py", NAIVE.replace("\n", "\r\n"))
    result = invoke("check", "--fix", "crlf.py")
    assert result.exit_code == 0
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode()


def test_fix_keeps_utf8_bom(workdir: Path) -> None:
    path = write(workdir / "bom.py", b"\xef\xbb\xbf" + NAIVE.encode())
    result = invoke("check", "--fix", "bom.py")
    assert result.exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_fix_keeps_latin1_encoding_with_coding_cookie(workdir: Path) -> None:
    def latin1(text: str) -> bytes:
        return (
            ("# -*- coding: latin-1 -*-\n" + text)
            .replace("Answer a question.", "Réponds à une question.")
            .encode("latin-1")
        )

    path = write(workdir / "latin.py", latin1(NAIVE))
    result = invoke("check", "--fix", "latin.py")
    assert result.exit_code == 0
    assert path.read_bytes() == latin1(FIXED)


def test_fix_keeps_file_mode(workdir: Path) -> None:
    path = write(workdir / "script.py", "#!/usr/bin/env python\n" + NAIVE)
    path.chmod(0o755)
    result = invoke("check", "--fix", "script.py")
    assert result.exit_code == 0
    assert path.read_bytes() == ("#!/usr/bin/env python\n" + FIXED).encode()
    assert path.stat().st_mode & 0o7777 == 0o755
    # No temporary file is left next to it (the cache directory is expected).
    assert sorted(p.name for p in workdir.iterdir() if p.name != ".toolcfg_cache") == ["script.py"]


# --- --diff ------------------------------------------------------------------------------

# The blank context line is a single space, written ``\x20`` so that it stays visible.
NAIVE_DIFF = '''\
--- naive.py
+++ naive.py
@@ -1,6 +1,12 @@
+from langchain_core.callbacks import Callbacks
+from langchain_core.runnables import RunnableConfig, patch_config
 from langchain_core.tools import tool
\x20
 @tool
-async def ask(question: str) -> str:
+async def ask(
+    question: str, config: RunnableConfig, callbacks: Callbacks = None
+) -> str:
     """Answer a question."""
-    return (await model.ainvoke(question)).content
+    return (
+        await model.ainvoke(question, config=patch_config(config, callbacks=callbacks))
+    ).content
'''


def test_diff_prints_unified_diff_writes_nothing_and_exits_1(workdir: Path) -> None:
    path = write(workdir / "naive.py", NAIVE)
    mtime = freeze_mtime(path)
    result = invoke("check", "--diff", "naive.py")
    assert result.exit_code == 1
    assert lines(result.stdout) == [*lines(NAIVE_DIFF), "Would fix 1 problem."]
    assert path.read_bytes() == NAIVE.encode()
    assert path.stat().st_mtime_ns == mtime


def test_diff_shows_every_file_the_fix_changes(workdir: Path) -> None:
    # The tool's fix gives the helper it calls, in another file, a config to pass on: --fix
    # on the tool's file writes both files, so --diff must show both.
    write_helper_project(workdir)
    helper = workdir / "helpers.py"
    diff = invoke("check", "--diff", "tools.py")
    assert diff.exit_code == 1
    assert "--- helpers.py\n+++ helpers.py\n" in diff.stdout, diff.stdout
    assert "--- tools.py\n+++ tools.py\n" in diff.stdout, diff.stdout
    assert helper.read_text() == HELPER
    fixed = invoke("check", "--fix", "tools.py")
    assert fixed.exit_code == 0
    assert helper.read_text() == HELPER_FIXED


def test_diff_with_only_unfixable_problem_exits_1_and_prints_no_diff(workdir: Path) -> None:
    write(workdir / "unfixable.py", UNFIXABLE)
    result = invoke("check", "--diff", ".")
    assert result.exit_code == 1
    assert "---" not in result.stdout and "+++" not in result.stdout
    assert f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}" in lines(result.stdout)


def test_diff_shows_what_remains_where_it_stands_on_disk(workdir: Path) -> None:
    """--diff writes nothing: a problem it leaves is reported at its line in the file as it
    is, not in the text as the fix would make it (which gains import lines above it)."""
    unfixable_tool = UNFIXABLE.split("\n\n", 1)[1].replace("async def ask", "async def other")
    write(workdir / "both.py", NAIVE + "\n\n" + unfixable_tool)
    checked = [line for line in lines(invoke("check", "both.py").stdout) if "other" in line]
    assert len(checked) == 1 and checked[0].startswith("both.py:12:"), checked
    diff = invoke("check", "--diff", "both.py")
    assert "+from langchain_core.runnables import RunnableConfig, patch_config" in diff.stdout
    assert checked[0] in lines(diff.stdout)
    # A machine format after the diffs would spoil both: as with ruff, the diffs alone.
    machine = invoke("check", "--diff", "--output-format", "json", "both.py")
    assert machine.exit_code == 1
    assert machine.stdout == diff.stdout.split("both.py:12:")[0]


def test_diff_with_nothing_to_do_exits_0(workdir: Path) -> None:
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", "--diff", ".")
    assert result.exit_code == 0
    assert "---" not in result.stdout and "+++" not in result.stdout


@pytest.mark.parametrize(
    "content",
    [
        NAIVE.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + NAIVE.encode(),
        ("# -*- coding: latin-1 -*-\n" + NAIVE.replace("a question", "une question é")).encode(
            "latin-1"
        ),
        UNFIXABLE.encode(),
    ],
    ids=["crlf", "bom", "latin-1", "unfixable"],
)
def test_diff_leaves_files_byte_identical(workdir: Path, content: bytes) -> None:
    path = write(workdir / "file.py", content)
    path.chmod(0o755)
    mtime = freeze_mtime(path)
    result = invoke("check", "--diff", ".")
    assert result.exit_code == 1
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == mtime
    assert path.stat().st_mode & 0o7777 == 0o755
    assert sorted(p.name for p in workdir.iterdir() if p.name != ".toolcfg_cache") == ["file.py"]


# --- rule, --version ---------------------------------------------------------------------


def test_rule_prints_documentation_sections_in_order() -> None:
    result = invoke("rule", "TCF001")
    assert result.exit_code == 0
    headings = [line.lstrip("#").strip() for line in lines(result.stdout) if line.startswith("#")]
    wanted = ["What it does", "Why is this bad?", "Example", "Fix safety"]
    assert [heading for heading in headings if heading in wanted] == wanted
    assert "TCF001" in result.stdout


def test_rule_without_a_code_lists_every_rule() -> None:
    result = invoke("rule")
    assert result.exit_code == 0
    codes = [line.split()[0] for line in lines(result.stdout) if line.strip()]
    assert codes == [
        "TCF001",
        "TCF002",
        "TCF003",
        "TCF011",
        "TCF012",
        "TCF013",
        "TCF021",
        "TCF022",
        "TCF023",
        "TCF031",
        "TCF032",
        "TCF041",
        "TCF042",
        "TCF044",
        "TCF051",
        "TCF052",
        "TCF053",
        "TCF061",
        "TCF101",
        "TCF102",
        "TCF103",
        "TCF104",
        "TCF105",
        "TCF901",
    ]


def test_rule_unknown_code_exits_2_with_message() -> None:
    result = invoke("rule", "TCF999")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown rule" in result.stderr.lower()
    assert "TCF999" in result.stderr


def test_version_option() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"toolcfg, version {__version__}\n"


# --- the installed console script and python -m ------------------------------------------


def test_script_exit_codes_0_1_2(tmp_path: Path) -> None:
    write(tmp_path / "clean.py", CLEAN)
    clean = run_script("check", ".", cwd=tmp_path)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "All checks passed!\n", "")

    write(tmp_path / "naive.py", NAIVE)
    found = run_script("check", ".", cwd=tmp_path)
    assert found.returncode == 1
    assert lines(found.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    assert found.stderr == ""

    write(tmp_path / "broken.py", SYNTAX_ERROR)
    broken = run_script("check", ".", cwd=tmp_path)
    assert broken.returncode == 2
    assert lines(broken.stderr) == ["error: broken.py: cannot parse: invalid syntax (line 3)"]
    assert lines(broken.stdout) == [
        "broken.py:3:13: parse-error: invalid syntax",
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix). 1 file could not be checked.",
    ]

    # As ruff's: --exit-zero exits 0 even when a file could not be checked.
    zero = run_script("check", "--exit-zero", ".", cwd=tmp_path)
    assert (zero.returncode, zero.stdout, zero.stderr) == (0, broken.stdout, broken.stderr)


def test_stdin_fix_of_unparsable_text_reports_it_once_on_stderr(workdir: Path) -> None:
    # stdout holds the text, so the report shares stderr with the error line: the failure
    # is said there once, and the summary counts it.
    result = invoke("check", "-", "--fix", "--stdin-filename", "s.py", input=SYNTAX_ERROR.encode())
    assert (result.exit_code, result.stdout) == (2, SYNTAX_ERROR)
    assert lines(result.stderr) == [
        "error: s.py: cannot parse: invalid syntax (line 3)",
        "1 file could not be checked.",
    ]


def test_stdin_fix_of_unparsable_text_keeps_a_json_report_on_stderr_parseable(
    workdir: Path,
) -> None:
    result = invoke(
        "check",
        "-",
        "--fix",
        "--output-format",
        "json",
        "--stdin-filename",
        "s.py",
        input=SYNTAX_ERROR.encode(),
    )
    assert (result.exit_code, result.stdout) == (2, SYNTAX_ERROR)
    [item] = json.loads(result.stderr)
    assert (item["filename"], item["code"], item["location"]) == (
        str(workdir / "s.py"),
        "parse-error",
        {"row": 3, "column": 13},
    )


def test_script_fix_rewrites_real_file(tmp_path: Path) -> None:
    path = write(tmp_path / "naive.py", NAIVE)
    result = run_script("check", "--fix", "naive.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == ["Found 1 problem (1 fixed, 0 remaining)."]
    assert path.read_bytes() == FIXED.encode()


def test_python_m_toolcfg_runs_check_and_version(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    found = run_module("check", ".", cwd=tmp_path)
    assert found.returncode == 1, found.stderr
    assert lines(found.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]

    version = run_module("--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"toolcfg, version {__version__}\n")

    unknown = run_module("rule", "NOPE", cwd=tmp_path)
    assert unknown.returncode == 2
    assert "NOPE" in unknown.stderr


def test_fix_without_a_formatter_says_which_lines_it_left_too_long(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With neither ruff nor Black to lay them out, the lines the fix made too long stay as
    # the fix wrote them, and the run says so (on stderr, so stdout stays the report).
    monkeypatch.setattr(toolcfg.formatters.Formatters, "runnable", lambda self, name: None)
    path = write(workdir / "naive.py", NAIVE)
    result = invoke("check", "--fix", "--no-cache", "naive.py")
    assert result.exit_code == 0
    assert lines(result.stderr) == [
        "warning: naive.py: line 6 left too long: no formatter to lay it out",
        "warning: naive.py: line 8 left too long: no formatter to lay it out",
    ]
    assert lines(result.stdout) == ["Found 1 problem (1 fixed, 0 remaining)."]
    assert "config=patch_config(config, callbacks=callbacks))).content" in path.read_text()
