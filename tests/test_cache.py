"""The cache keeps what a run learnt between runs and never leaves debris behind.

``toolcfg.cache.Cache(root)``: stat stamps and prefilter verdicts by path, summaries by
content hash, analyses by content, plan and settings, and whole runs, in JSON files under
``.toolcfg_cache/<version>/``. What the cache does with bad data is in
``test_untrusted_code.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import FIXED, NAIVE, run_files, write

import toolcfg.index.codec
import toolcfg.linter.analyze
import toolcfg.scan
from toolcfg import __version__
from toolcfg.cache import Cache, digest
from toolcfg.index.summary import summarize
from toolcfg.linter.findings import AddImport, FileEdits, Finding, Fix, ForwardConfig, Position

PATH = "/project/naive.py"
STAMP = (1_700_000_000_000_000_000, 1_700_000_000_000_000_001, 398, 4242)


def _finding() -> Finding:
    fix = Fix(
        (ForwardConfig(Position(6, 25), "config"), AddImport("langchain_core.runnables", "x")),
        safe=False,
        elsewhere=(FileEdits("/project/helpers.py", (ForwardConfig(Position(2, 20), "config"),)),),
    )
    return Finding("TCF001", "message", Position(4, 11), Position(4, 14), fix)


def _fill(cache: Cache) -> None:
    data = NAIVE.encode()
    cache.put_file(PATH, STAMP, digest(data), True)
    cache.put_mentions(digest(data), rb"ask\s*\(", False)
    cache.put_summary(digest(data), summarize(data))
    cache.put_analysis("settings", "key", (_finding(),), {"helper": (_finding().fix, "")})
    cache.put_run("run", "stamps", {PATH: (_finding(),)})


def _names(cache: Cache) -> list[str]:
    """The files in the cache's directory, ``analyses-<settings>.json`` as ``analyses``."""
    return sorted(
        "analyses" if path.name.startswith("analyses-") and path.suffix == ".json" else path.name
        for path in cache.directory.iterdir()
    )


def test_what_a_run_learnt_survives_a_save(tmp_path: Path) -> None:
    data = NAIVE.encode()
    cache = Cache(tmp_path)
    _fill(cache)
    cache.save()

    again = Cache(tmp_path)
    assert again.file(PATH, STAMP) == (digest(data), True)
    assert again.mentions(digest(data), rb"ask\s*\(") is False
    assert again.summary(digest(data)) == summarize(data)
    assert again.analysis("settings", "key") == ((_finding(),), {"helper": (_finding().fix, "")})
    assert again.run("run", "stamps") == {PATH: (_finding(),)}
    assert _names(again) == ["analyses", "files.json", "index.json", "runs.json"]
    assert again.directory == tmp_path / ".toolcfg_cache" / __version__


def test_what_changed_since_is_not_reused(tmp_path: Path) -> None:
    data = NAIVE.encode()
    cache = Cache(tmp_path)
    _fill(cache)
    cache.save()

    again = Cache(tmp_path)
    assert again.file(PATH, (*STAMP[:3], 4243)) is None  # another inode: a new file
    assert again.file(PATH, None) is None  # the file is gone
    assert again.file("/project/other.py", STAMP) is None
    assert again.mentions(digest(data), rb"other\s*\(") is None
    assert again.summary(digest(b"x = 1\n")) is None
    assert again.analysis("other settings", "key") is None
    assert again.analysis("settings", "other key") is None
    assert again.run("run", "other stamps") is None
    assert again.run("other run", "stamps") is None


def test_nothing_is_written_before_save_and_a_gitignore_comes_with_it(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _fill(cache)
    assert not (tmp_path / ".toolcfg_cache").exists()
    cache.save()
    assert (tmp_path / ".toolcfg_cache" / ".gitignore").read_text() == "# Created by toolcfg.\n*\n"


def test_a_cache_that_cannot_be_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _fill(cache)
    (cache.directory / "files.json").mkdir(parents=True)  # the rename onto it fails
    cache.save()
    assert _names(cache) == ["analyses", "files.json", "index.json", "runs.json"]
    assert (cache.directory / "files.json").is_dir()
    assert Cache(tmp_path).summary(digest(NAIVE.encode())) == summarize(NAIVE.encode())


def test_a_run_over_an_unchanged_project_reads_its_results_from_the_cache(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(workdir / "naive.py", NAIVE)
    write(workdir / "pyproject.toml", '[project]\nname = "app"\n')
    [first] = run_files([path], cache_root=workdir)
    assert [finding.code for finding in first.findings] == ["TCF001"]

    def untouched(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an unchanged file was summarised or analysed again")

    with monkeypatch.context() as patched:
        patched.setattr(toolcfg.scan, "summarize", untouched)
        patched.setattr(toolcfg.linter.analyze, "analyze_file", untouched)
        [second] = run_files([path], cache_root=workdir)
    assert (second.findings, second.error) == (first.findings, None)

    write(path, FIXED)  # changed: read and analysed again
    [third] = run_files([path], cache_root=workdir)
    assert (third.findings, third.error) == ((), None)


def test_a_summary_of_another_layout_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary's layout can change under one toolcfg version (a development build): a
    summary of another layout is summarised again, not read with missing keys."""
    data = NAIVE.encode()
    cache = Cache(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(toolcfg.index.codec, "FORMAT", 1)
        cache.put_summary(digest(data), summarize(data))
        cache.save()
    assert Cache(tmp_path).summary(digest(data)) is None
    cache.put_summary(digest(data), summarize(data))
    cache.save()
    assert Cache(tmp_path).summary(digest(data)) == summarize(data)
