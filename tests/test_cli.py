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

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, List, Union

import pytest
from click.testing import CliRunner

from toolcfg import __version__
from toolcfg.cli import main

# The naive async tool: one TCF001 finding at 4:11, fixed by adding the parameter,
# forwarding ``config=config`` and importing RunnableConfig after the first import.
NAIVE = '''\
from langchain_core.tools import tool

@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content
'''

FIXED = '''\
from langchain_core.tools import tool
from langchain_core.runnables import RunnableConfig

@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return (await model.ainvoke(question, config=config)).content
'''

NAIVE_MESSAGE = (
    "TCF001 Async tool `ask` takes no `RunnableConfig` parameter, "
    "so 1 runnable call drops the caller's config"
)

# A tool that receives its config but passes a foreign one: TCF002 at 7:25, no fix.
FOREIGN_CONFIG = '''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return (await model.ainvoke(question, config={"run_name": "x"})).content
'''

FOREIGN_MESSAGE = (
    "TCF002 `model.ainvoke()` passes a config that is not built from `config` in async tool `ask`"
)

# Mentions a tool and a runnable method, so the prefilter lets it through; no findings.
CLEAN = '''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return (await model.ainvoke(question, config=config)).content
'''

# Passes the prefilter (a LangChain import, ``@tool`` and ``.ainvoke(``) but does not parse.
SYNTAX_ERROR = "from langchain_core.tools import tool\n@tool\nasync def f(:\n    x.ainvoke(\n"

TOOLCFG_SCRIPT = Path(sys.executable).parent / "toolcfg"


# --- helpers and fixtures ---------------------------------------------------------------


def make_runner() -> CliRunner:
    """A runner with stdout and stderr apart: click < 8.2 needs ``mix_stderr=False``,
    click >= 8.2 separates them by default and no longer takes the argument."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return make_runner().invoke(main, list(args), catch_exceptions=False)


def write(path: Path, content: Union[str, bytes]) -> Path:
    """Write ``content`` to ``path`` byte for byte (str is UTF-8, newlines untranslated)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def lines(text: str) -> List[str]:
    return text.splitlines()


def run_script(*args: str, cwd: Path, timeout: float = 60):  # type: ignore[no-untyped-def]
    assert TOOLCFG_SCRIPT.exists(), f"console script not installed next to {sys.executable}"
    return subprocess.run(
        [str(TOOLCFG_SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def run_module(*args: str, cwd: Path, timeout: float = 60):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "toolcfg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def freeze_mtime(path: Path) -> int:
    """Set ``path``'s mtime far in the past, so any write shows; return it in ns."""
    os.utime(path, ns=(1_000_000_000 * 10**9, 1_000_000_000 * 10**9))
    return path.stat().st_mtime_ns


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty temporary directory that is also the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


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
    return (await model.ainvoke(question, config={"run_name": "x"})).content


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
        "a.py:8:25: TCF002 `model.ainvoke()` passes a config that is not built from "
        "`config` in async tool `first`",
        "a.py:12:11: TCF001 Async tool `second` takes no `RunnableConfig` parameter, "
        "so 1 runnable call drops the caller's config",
        "a.py:20:25: TCF002 `model.ainvoke()` does not forward `config` in async tool `third`",
        f"b.py:4:11: {NAIVE_MESSAGE}",
        f"{sub_c}:4:11: {NAIVE_MESSAGE}",
        "Found 5 problems (4 fixable with --fix).",
    ]


def test_check_summary_counts_fixable_and_unfixable(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    write(workdir / "other.py", NAIVE)
    write(workdir / "foreign.py", FOREIGN_CONFIG)
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"foreign.py:7:25: {FOREIGN_MESSAGE}",
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        f"other.py:4:11: {NAIVE_MESSAGE}",
        "Found 3 problems (2 fixable with --fix).",
    ]


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
    write(path, b'from langchain_core.tools import tool\n@tool\nasync def f():\n    x.ainvoke("caf\xe9")\n')


def _bad_cookie(path: Path) -> None:
    write(
        path,
        "# -*- coding: no-such-codec -*-\nfrom langchain_core.tools import tool\n@tool\nasync def f():\n    x.ainvoke(1)\n",
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


def _stderr_names(stderr: str, path: str) -> bool:
    return any(path in line for line in lines(stderr))


@pytest.mark.parametrize("make_bad", list(BAD_FILES.values()), ids=list(BAD_FILES))
@pytest.mark.parametrize("how", ["walked", "named"])
def test_check_bad_file_is_reported_and_run_goes_on(
    workdir: Path, make_bad: Callable[[Path], None], how: str
) -> None:
    write(workdir / "a_naive.py", NAIVE)
    make_bad(workdir / "bad.py")
    write(workdir / "z_naive.py", NAIVE)
    args = ["."] if how == "walked" else ["a_naive.py", "bad.py", "z_naive.py"]
    result = invoke("check", *args)
    assert result.exit_code == 2
    assert _stderr_names(result.stderr, "bad.py"), result.stderr
    assert "bad.py" not in result.stdout
    assert lines(result.stdout) == [
        f"a_naive.py:4:11: {NAIVE_MESSAGE}",
        f"z_naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 2 problems (2 fixable with --fix).",
    ]


def test_check_nonexistent_path_argument_is_reported_and_run_goes_on(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "no_such_file.py", "naive.py", "no_such_dir")
    assert result.exit_code == 2
    assert _stderr_names(result.stderr, "no_such_file.py"), result.stderr
    assert _stderr_names(result.stderr, "no_such_dir"), result.stderr
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_check_every_bad_file_is_reported_once(workdir: Path) -> None:
    for name, make_bad in zip(["b1.py", "b2.py", "b3.py", "b4.py", "b5.py"], BAD_FILES.values()):
        make_bad(workdir / name)
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", ".", "missing_arg.py")
    assert result.exit_code == 2
    for name in ["b1.py", "b2.py", "b3.py", "b4.py", "b5.py", "missing_arg.py"]:
        assert sum(name in line for line in lines(result.stderr)) == 1, result.stderr
    assert lines(result.stdout) == ["All checks passed!"]


def run_unprivileged(*args: str, cwd: Path) -> "subprocess.CompletedProcess[str]":
    """Run the installed script so that ``chmod 000`` really blocks it.

    Root reads anything through CAP_DAC_OVERRIDE, and CI runs as root, so there the script
    runs with that capability dropped (``setpriv``, from util-linux).
    """
    command = [str(TOOLCFG_SCRIPT), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root needs setpriv to drop CAP_DAC_OVERRIDE")
        command = [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_check_unreadable_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "naive.py", NAIVE)
    secret = write(tmp_path / "secret.py", NAIVE)
    secret.chmod(0)
    try:
        result = run_unprivileged("check", ".", cwd=tmp_path)
    finally:
        secret.chmod(0o644)
    assert result.returncode == 2
    assert _stderr_names(result.stderr, "secret.py"), result.stderr
    assert lines(result.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
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
    assert _stderr_names(result.stderr, "locked"), result.stderr
    assert f"naive.py:4:11: {NAIVE_MESSAGE}" in lines(result.stdout)


def test_check_named_pipe_is_reported_not_waited_on(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    os.mkfifo(workdir / "pipe.py")
    result = run_script("check", ".", cwd=workdir, timeout=30)
    assert result.returncode == 2
    assert "pipe.py: cannot read: not a regular file" in result.stderr
    assert f"naive.py:4:11: {NAIVE_MESSAGE}" in lines(result.stdout)


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


def test_fix_bad_file_does_not_stop_fixing_others(workdir: Path) -> None:
    naive = write(workdir / "naive.py", NAIVE)
    write(workdir / "bad.py", SYNTAX_ERROR)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 2
    assert _stderr_names(result.stderr, "bad.py"), result.stderr
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
    foreign = write(workdir / "foreign.py", FOREIGN_CONFIG)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"foreign.py:7:25: {FOREIGN_MESSAGE}",
        "Found 2 problems (1 fixed, 1 remaining).",
    ]
    assert naive.read_bytes() == FIXED.encode()
    assert foreign.read_bytes() == FOREIGN_CONFIG.encode()


def test_fix_only_unfixable_problem_exits_1(workdir: Path) -> None:
    write(workdir / "foreign.py", FOREIGN_CONFIG)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"foreign.py:7:25: {FOREIGN_MESSAGE}",
        "Found 1 problem (0 fixed, 1 remaining).",
    ]


def test_fix_clean_tree_exits_0(workdir: Path) -> None:
    write(workdir / "clean.py", CLEAN)
    result = invoke("check", "--fix", ".")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed!\n"


@pytest.mark.parametrize("content", [CLEAN, FOREIGN_CONFIG], ids=["clean", "unfixable"])
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
        return ("# -*- coding: latin-1 -*-\n" + text).replace(
            "Answer a question.", "Réponds à une question."
        ).encode("latin-1")

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

NAIVE_DIFF = '''\
--- naive.py
+++ naive.py
@@ -1,6 +1,7 @@
 from langchain_core.tools import tool
+from langchain_core.runnables import RunnableConfig
 
 @tool
-async def ask(question: str) -> str:
+async def ask(question: str, config: RunnableConfig) -> str:
     """Answer a question."""
-    return (await model.ainvoke(question)).content
+    return (await model.ainvoke(question, config=config)).content
'''


def test_diff_prints_unified_diff_writes_nothing_and_exits_1(workdir: Path) -> None:
    path = write(workdir / "naive.py", NAIVE)
    mtime = freeze_mtime(path)
    result = invoke("check", "--diff", "naive.py")
    assert result.exit_code == 1
    assert result.stdout.startswith(NAIVE_DIFF), result.stdout
    assert path.read_bytes() == NAIVE.encode()
    assert path.stat().st_mtime_ns == mtime


def test_diff_with_only_unfixable_problem_exits_1_and_prints_no_diff(workdir: Path) -> None:
    write(workdir / "foreign.py", FOREIGN_CONFIG)
    result = invoke("check", "--diff", ".")
    assert result.exit_code == 1
    assert "---" not in result.stdout and "+++" not in result.stdout
    assert f"foreign.py:7:25: {FOREIGN_MESSAGE}" in lines(result.stdout)


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
        FOREIGN_CONFIG.encode(),
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


def test_rule_all_lists_every_rule() -> None:
    result = invoke("rule", "--all")
    assert result.exit_code == 0
    codes = [line.split()[0] for line in lines(result.stdout) if line.strip()]
    assert codes == [
        "TCF001", "TCF002", "TCF011", "TCF012", "TCF021", "TCF022",
        "TCF031", "TCF032", "TCF041", "TCF042",
        "TCF101", "TCF102", "TCF103", "TCF104", "TCF105", "TCF901",
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
    assert _stderr_names(broken.stderr, "broken.py"), broken.stderr
    assert lines(broken.stdout) == [
        f"naive.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


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
