"""``toolcfg check -``: source from stdin, as editors and pre-commit-style wrappers use it.

``--stdin-filename`` names the source in reports and picks its settings. With ``--fix`` the
fixed source goes to stdout byte for byte and nothing else does: the report goes to stderr.
These tests run the installed script, so stdin and stdout are real pipes of bytes.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support import (
    FIXED,
    NAIVE,
    NAIVE_MESSAGE,
    SYNTAX_ERROR,
    TOOLCFG_SCRIPT,
    UNFIXABLE,
    UNFIXABLE_MESSAGE,
    lines,
    run_files,
    write,
)

from toolcfg.results import Mode
from toolcfg.runner import StdinFile


def run_stdin(data: bytes, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    assert TOOLCFG_SCRIPT.exists(), f"console script not installed at {TOOLCFG_SCRIPT}"
    return subprocess.run(
        [str(TOOLCFG_SCRIPT), "check", *args, "-"],
        check=False,
        cwd=cwd,
        input=data,
        capture_output=True,
        timeout=60,
    )


def test_dash_reads_source_from_stdin(tmp_path: Path) -> None:
    result = run_stdin(NAIVE.encode(), cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result.stdout.decode()) == [
        f"-:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]
    assert result.stderr == b""


def test_clean_stdin_passes(tmp_path: Path) -> None:
    result = run_stdin(FIXED.encode(), cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"All checks passed!\n", b"")


def test_stdin_filename_names_the_source_in_reports(tmp_path: Path) -> None:
    result = run_stdin(NAIVE.encode(), "--stdin-filename", "pkg/agent.py", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result.stdout.decode()) == [
        f"pkg/agent.py:4:11: {NAIVE_MESSAGE}",
        "Found 1 problem (1 fixable with --fix).",
    ]


def test_stdin_filename_names_the_source_in_json(tmp_path: Path) -> None:
    result = run_stdin(
        NAIVE.encode(), "--output-format", "json", "--stdin-filename", "pkg/agent.py", cwd=tmp_path
    )
    assert result.returncode == 1
    assert [(item["filename"], item["code"]) for item in json.loads(result.stdout)] == [
        (str(tmp_path / "pkg" / "agent.py"), "TCF001")
    ]


def test_stdin_filename_picks_the_settings_of_its_directory(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "pyproject.toml", '[tool.toolcfg]\nignore = ["TCF001"]\n')
    ignored = run_stdin(NAIVE.encode(), "--stdin-filename", "pkg/agent.py", cwd=tmp_path)
    assert (ignored.returncode, ignored.stdout) == (0, b"All checks passed!\n")
    elsewhere = run_stdin(NAIVE.encode(), "--stdin-filename", "other/agent.py", cwd=tmp_path)
    assert elsewhere.returncode == 1


def test_stdin_filename_picks_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.toolcfg.per-file-ignores]\n"tests/*" = ["TCF0"]\n')
    ignored = run_stdin(NAIVE.encode(), "--stdin-filename", "tests/test_agent.py", cwd=tmp_path)
    assert (ignored.returncode, ignored.stdout) == (0, b"All checks passed!\n")
    checked = run_stdin(NAIVE.encode(), "--stdin-filename", "src/agent.py", cwd=tmp_path)
    assert checked.returncode == 1


def test_stdin_filename_with_force_exclude_skips_excluded_name(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.toolcfg]\nextend-exclude = ["legacy/"]\n')
    checked = run_stdin(NAIVE.encode(), "--stdin-filename", "legacy/old.py", cwd=tmp_path)
    assert checked.returncode == 1
    skipped = run_stdin(
        NAIVE.encode(), "--force-exclude", "--stdin-filename", "legacy/old.py", cwd=tmp_path
    )
    assert (skipped.returncode, skipped.stdout) == (0, b"All checks passed!\n")


def test_fix_writes_fixed_source_to_stdout_and_nothing_else(tmp_path: Path) -> None:
    result = run_stdin(NAIVE.encode(), "--fix", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == FIXED.encode()
    assert lines(result.stderr.decode()) == ["Found 1 problem (1 fixed, 0 remaining)."]
    assert sorted(tmp_path.iterdir()) == []  # no file named "-" or anything else


def test_fix_keeps_crlf_and_bom_byte_for_byte(tmp_path: Path) -> None:
    source = b"\xef\xbb\xbf" + NAIVE.replace("\n", "\r\n").encode()
    result = run_stdin(source, "--fix", "--stdin-filename", "agent.py", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()


def test_fix_with_nothing_to_fix_echoes_stdin(tmp_path: Path) -> None:
    result = run_stdin(FIXED.encode(), "--fix", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, FIXED.encode())
    assert lines(result.stderr.decode()) == ["All checks passed!"]


def test_fix_with_unfixable_problem_echoes_stdin_and_reports_on_stderr(tmp_path: Path) -> None:
    result = run_stdin(
        UNFIXABLE.encode(), "--fix", "--stdin-filename", "unfixable.py", cwd=tmp_path
    )
    assert (result.returncode, result.stdout) == (1, UNFIXABLE.encode())
    assert lines(result.stderr.decode()) == [
        f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}",
        "Found 1 problem (0 fixed, 1 remaining).",
    ]


def test_fix_with_machine_output_format_keeps_stdout_for_the_source(tmp_path: Path) -> None:
    # A fixable tool and, below it, an unfixable one.
    unfixable = UNFIXABLE.split("\n", 2)[2].replace("def ask", "def ask2")
    result = run_stdin(
        (NAIVE + unfixable).encode(), "--fix", "--output-format", "json", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stdout.decode() == FIXED + unfixable
    assert [(item["code"], item["location"]) for item in json.loads(result.stderr)] == [
        ("TCF002", {"row": 17, "column": 26})
    ]


def test_fix_on_unparsable_stdin_echoes_it_and_exits_2(tmp_path: Path) -> None:
    result = run_stdin(SYNTAX_ERROR.encode(), "--fix", cwd=tmp_path)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert (result.returncode, result.stdout) == (2, SYNTAX_ERROR.encode())
    assert stderr.startswith("error: -: cannot parse")


def test_the_runner_fixes_stdin_text_without_touching_the_file_it_names(workdir: Path) -> None:
    # The path the command line takes: the text is fixed as if it were agent.py, which
    # exists with other content and stays as it is.
    agent = write(workdir / "agent.py", "# on disk\n")
    stdin = StdinFile(Path("agent.py"), NAIVE.encode())
    [result] = run_files([], Mode.FIX, stdin=stdin)
    assert (result.path, result.error, result.fixed) == (Path("agent.py"), None, ("TCF001",))
    assert result.fixed_source == FIXED.encode()
    assert agent.read_text() == "# on disk\n"
