"""The progress line: on a terminal, after about two seconds, never in CI, pre-commit or a
log (issue 18)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import List, Tuple

import pytest
from support import NAIVE, invoke, write

from toolcfg import progress
from toolcfg.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "environ, stream, shown",
    [
        ({}, Terminal(), True),
        ({"CI": "true"}, Terminal(), False),
        ({"PRE_COMMIT": "1"}, Terminal(), False),
        ({"TERM": "dumb"}, Terminal(), False),
        ({}, io.StringIO(), False),  # a file or a pipe
    ],
    ids=["terminal", "ci", "pre-commit", "dumb-terminal", "pipe"],
)
def test_a_line_only_on_a_terminal_outside_ci_and_pre_commit(
    environ: dict, stream: io.StringIO, shown: bool
) -> None:
    assert (progress.for_run(stream, environ) is not None) is shown


def test_nothing_before_two_seconds_then_a_line_rewritten_in_place_and_cleared() -> None:
    stream, clock = Terminal(), Clock()
    line = progress.Line(stream, clock)
    line("indexed", 1, 40)
    clock.now = 1.9
    line("indexed", 2, 40)
    assert stream.getvalue() == ""  # a quick run shows nothing
    clock.now = 2.0
    line("indexed", 30, 40)
    clock.now = 2.05
    line("indexed", 31, 40)  # within the interval: not rewritten
    line("indexed", 40, 40)  # the last of a stage always is
    clock.now = 3.0
    line("analysed", 2, 5)
    assert stream.getvalue() == (
        "\rtoolcfg: indexing 30/40 files"
        "\rtoolcfg: indexing 40/40 files"
        "\rtoolcfg: analysing 2/5 files "
    )
    line.clear()
    assert stream.getvalue().endswith("\r" + " " * len("toolcfg: analysing 2/5 files") + "\r")
    line.clear()  # nothing shown: nothing to clear
    assert stream.getvalue().count("\r") == 5


def test_a_fixing_run_reports_indexing_analysis_and_fixing_in_order(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir / "agent.py", NAIVE)
    seen: List[Tuple[str, int, int]] = []
    monkeypatch.setattr(progress, "for_run", lambda: Recorder(seen))
    result = invoke("check", "--no-cache", "--fix", ".")
    assert result.exit_code == 0, result.output
    stages = [stage for stage, _, _ in seen]
    first = [stages.index(stage) for stage in ("indexed", "analysed", "fixed")]
    assert first == sorted(first)
    assert all(0 < done <= total for _, done, total in seen)
    assert stages[-1] == "cleared"  # before anything is printed


class Recorder:
    def __init__(self, seen: List[Tuple[str, int, int]]) -> None:
        self.seen = seen

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.seen.append((stage, done, total))

    def clear(self) -> None:
        self.seen.append(("cleared", 1, 1))


def test_the_line_is_cleared_before_the_report_is_printed(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a terminal, after the delay: the line goes to stderr, and is blanked before the
    findings are printed."""
    write(workdir / "agent.py", NAIVE)
    terminal = Terminal()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress.sys, "stderr", terminal)
    monkeypatch.setattr(progress.os, "environ", {})  # not in CI, nor under pre-commit
    monkeypatch.chdir(workdir)
    with pytest.raises(SystemExit) as ended:
        main(["check", "--no-cache", "."], standalone_mode=True)
    assert ended.value.code == 1
    shown = terminal.getvalue()
    assert "\rtoolcfg: indexing 1/1 files" in shown
    assert shown.endswith("\r"), shown
    assert "agent.py:4:11: TCF001" in capsys.readouterr().out
