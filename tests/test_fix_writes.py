"""How ``--fix`` writes: never over a file that changed under it, never leaving a temporary.

These run the CLI in-process through click's ``CliRunner``, or ``toolcfg.runner.run`` as the
CLI calls it (a run of fewer than 16 files stays in one process), with the fixing step of
``toolcfg.fixing`` or ``toolcfg.runner``, or the ``os`` calls of ``toolcfg.files``, patched
to change the file, or fail, at the worst moment.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from support import FIXED, NAIVE, fix_file, invoke, leftovers, lines, write

import toolcfg.files
import toolcfg.fixing
import toolcfg.runner

SOMEONE_ELSE = "# edited in an editor while toolcfg ran\n" + NAIVE


def _after_fixing(monkeypatch: pytest.MonkeyPatch, then: Any) -> None:
    """Call ``then()`` once the fixes are worked out, before anything is written."""
    fix_project = toolcfg.fixing.fix_project

    def fix_then(*args: Any, **kwargs: Any) -> toolcfg.fixing.Outcome:
        outcome = fix_project(*args, **kwargs)
        then()
        return outcome

    monkeypatch.setattr(toolcfg.fixing, "fix_project", fix_then)


def test_file_changed_between_read_and_write_is_reported_not_overwritten(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(workdir / "busy.py", NAIVE)
    other = write(workdir / "other.py", NAIVE)
    # The user saves the file while it is being fixed.
    _after_fixing(monkeypatch, lambda: target.write_text(SOMEONE_ELSE))
    result = invoke("check", "--fix", "--no-cache", "busy.py", "other.py")
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        "error: busy.py: cannot write: busy.py changed on disk while it was being fixed"
    ]
    assert target.read_text() == SOMEONE_ELSE
    assert other.read_text() == FIXED
    assert leftovers(workdir) == []


def test_file_changed_while_its_fix_is_applied_is_not_overwritten(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Through the runner, with the change made while the edits are carried out.
    target = write(workdir / "busy.py", NAIVE)
    apply = toolcfg.fixing.apply

    def apply_while_edited(self: Any, *args: Any, **kwargs: Any) -> str:
        target.write_text(SOMEONE_ELSE)
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(toolcfg.fixing, "apply", apply_while_edited)
    result = fix_file(target)
    assert result.error == f"cannot write: {target} changed on disk while it was being fixed"
    assert target.read_text() == SOMEONE_ELSE
    assert leftovers(workdir) == []


def test_file_deleted_before_the_write_is_reported_not_recreated(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(workdir / "gone.py", NAIVE)
    _after_fixing(monkeypatch, target.unlink)
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
    calls: list[str] = []

    def fail(*args: Any, **kwargs: Any) -> None:
        if not calls:  # the first file's write fails; the second one's succeeds
            calls.append(failing)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(*args, **kwargs)

    monkeypatch.setattr(toolcfg.files.os, failing, fail)
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

    monkeypatch.setattr(toolcfg.files.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        fix_file(target)
    assert target.read_text() == NAIVE
    assert leftovers(workdir) == []


def test_fix_that_parses_but_does_not_compile_is_not_written(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The safety net: LibCST parses a duplicate parameter, only compile() rejects it.
    target = write(workdir / "naive.py", NAIVE)
    broken = NAIVE.replace(
        "question: str)", "question: str, config: RunnableConfig, config: RunnableConfig)"
    )
    monkeypatch.setattr(toolcfg.fixing, "apply", lambda *args: broken)
    result = invoke("check", "--fix", "--no-cache", "naive.py")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: naive.py: the fix failed, so the file was left unchanged (FixError: the fixed "
        "text does not compile); please report this\n"
    )
    assert target.read_text() == NAIVE
    assert leftovers(workdir) == []
