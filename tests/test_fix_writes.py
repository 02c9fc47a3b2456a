"""How ``--fix`` writes: never over a file that changed under it, never leaving a temporary.

These run the CLI in-process through click's ``CliRunner`` (a run of fewer than 16 files
stays in one process), with ``toolcfg.runner`` or the ``os`` calls of ``toolcfg.writer``
patched to change the file, or fail, at the worst moment.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, List

import pytest

import toolcfg.runner
import toolcfg.writer
from test_cli import FIXED, NAIVE, invoke, lines, write
from toolcfg.runner import Mode, Options, check_file

SOMEONE_ELSE = "# edited in an editor while toolcfg ran\n" + NAIVE


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def leftovers(directory: Path) -> List[str]:
    """Everything but the files the test wrote and the cache directory."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".") and p.name != ".toolcfg_cache")


def test_file_changed_between_read_and_write_is_reported_not_overwritten(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(workdir / "busy.py", NAIVE)
    other = write(workdir / "other.py", NAIVE)
    original = toolcfg.runner.check_source

    def check_then_edit(data: bytes, path: Path, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        result = original(data, path, *args, **kwargs)
        if path.name == "busy.py":  # the user saves the file while it is being fixed
            target.write_text(SOMEONE_ELSE)
        return result

    monkeypatch.setattr(toolcfg.runner, "check_source", check_then_edit)
    result = invoke("check", "--fix", "--no-cache", "busy.py", "other.py")
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        "error: busy.py: cannot write: busy.py changed on disk while it was being fixed"
    ]
    assert target.read_text() == SOMEONE_ELSE
    assert other.read_text() == FIXED
    assert leftovers(workdir) == []


def test_file_changed_during_the_fix_is_not_overwritten_by_check_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The library entry point, with the change made while the codemod runs.
    target = write(workdir / "busy.py", NAIVE)
    original = toolcfg.runner._apply_fixes

    def fix_while_edited(*args: Any, **kwargs: Any) -> bytes:
        target.write_text(SOMEONE_ELSE)
        return original(*args, **kwargs)

    monkeypatch.setattr(toolcfg.runner, "_apply_fixes", fix_while_edited)
    result = check_file(target, Options(mode=Mode.FIX))
    assert result.error == f"cannot write: {target} changed on disk while it was being fixed"
    assert target.read_text() == SOMEONE_ELSE
    assert leftovers(workdir) == []


def test_file_deleted_before_the_write_is_reported_not_recreated(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(workdir / "gone.py", NAIVE)
    original = toolcfg.runner.check_source

    def check_then_delete(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        result = original(*args, **kwargs)
        target.unlink()
        return result

    monkeypatch.setattr(toolcfg.runner, "check_source", check_then_delete)
    result = invoke("check", "--fix", "--no-cache", "gone.py")
    assert result.exit_code == 2
    assert lines(result.stderr) == ["error: gone.py: cannot write: No such file or directory"]
    assert not target.exists()
    assert leftovers(workdir) == []


@pytest.mark.parametrize("failing", ["fsync", "chmod", "replace"])
def test_failed_write_is_reported_and_leaves_no_temporary_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = write(workdir / "naive.py", NAIVE)
    other = write(workdir / "other.py", NAIVE)
    real = getattr(os, failing)
    calls: List[str] = []

    def fail(*args: Any, **kwargs: Any) -> None:
        if not calls:  # the first file's write fails; the second one's succeeds
            calls.append(failing)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(*args, **kwargs)

    monkeypatch.setattr(toolcfg.writer.os, failing, fail)
    result = invoke("check", "--fix", "--no-cache", "naive.py", "other.py")
    assert result.exit_code == 2
    assert lines(result.stderr) == ["error: naive.py: cannot write: No space left on device"]
    assert target.read_text() == NAIVE
    assert other.read_text() == FIXED
    assert leftovers(workdir) == []


def test_interrupted_write_leaves_the_file_and_no_temporary(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(workdir / "naive.py", NAIVE)

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(toolcfg.writer.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        check_file(target, Options(mode=Mode.FIX))
    assert target.read_text() == NAIVE
    assert leftovers(workdir) == []


def test_fix_that_parses_but_does_not_compile_is_not_written(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The safety net: LibCST parses a duplicate parameter, only compile() rejects it.
    target = write(workdir / "naive.py", NAIVE)
    broken = FIXED.replace("config: RunnableConfig)", "config: RunnableConfig, config: RunnableConfig)")
    monkeypatch.setattr(toolcfg.runner, "_apply_fixes", lambda *args: broken.encode())
    result = invoke("check", "--fix", "--no-cache", "naive.py")
    assert result.exit_code == 2
    [message] = lines(result.stderr)
    assert message.startswith("error: naive.py: the fix failed, so the file was left unchanged")
    assert "does not compile" in message
    assert target.read_text() == NAIVE
    assert leftovers(workdir) == []
