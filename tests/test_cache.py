"""The cache keeps what a run learnt between runs, keeps no more than the project needs,
and never leaves debris behind.

``toolcfg.cache.Cache(root)``: stat stamps and prefilter verdicts by path, summaries by
content hash, analyses by content, plan and settings, and whole runs, in one SQLite
database under ``.toolcfg_cache/<version>/``. What the cache does with bad data is in
``test_untrusted_code.py``; concurrent runs are in ``test_concurrency.py``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support import FIXED, NAIVE, run_files, write

import toolcfg.linter.analyze
import toolcfg.scan
from toolcfg import __version__
from toolcfg.cache import MAKING, Cache, analysis_key, digest
from toolcfg.cachedb import RUNS_KEPT
from toolcfg.index.summary import summarize
from toolcfg.linter.findings import AddImport, FileEdits, Finding, Fix, ForwardConfig, Position
from toolcfg.results import Mode

STAMP = (1_700_000_000_000_000_000, 1_700_000_000_000_000_001, 398, 4242)
#: An analysis key: the content hash, and the index's plan.
KEY = analysis_key(digest(NAIVE.encode()), "plan")


def _finding() -> Finding:
    fix = Fix(
        (ForwardConfig(Position(6, 25), "config"), AddImport("langchain_core.runnables", "x")),
        safe=False,
        elsewhere=(FileEdits("/project/helpers.py", (ForwardConfig(Position(2, 20), "config"),)),),
    )
    return Finding("TCF001", "message", Position(4, 11), Position(4, 14), fix)


def _fill(cache: Cache, path: Path) -> None:
    """An entry of each kind, for ``path`` holding ``NAIVE``."""
    data = NAIVE.encode()
    cache.put_file(str(path), STAMP, digest(data), True)
    cache.put_mentions(digest(data), rb"ask\s*\(", False)
    cache.put_summary(digest(data), summarize(data))
    cache.put_analysis("settings", KEY, (_finding(),), {"helper": (_finding().fix, "")})
    cache.put_run("run", "stamps", {str(path): (_finding(),)})


def _names(cache: Cache) -> list[str]:
    """The files in the cache's directory, but the companions SQLite keeps while the
    database is open (its write-ahead log and shared memory)."""
    return sorted(
        path.name for path in cache.directory.iterdir() if not path.name.endswith(("-wal", "-shm"))
    )


def _count(cache: Cache, table: str) -> int:
    database = sqlite3.connect(cache.path)
    try:
        [(count,)] = database.execute(f"SELECT count(*) FROM {table}").fetchall()
    finally:
        database.close()
    return int(count)


def test_what_a_run_learnt_survives_a_save(tmp_path: Path) -> None:
    data = NAIVE.encode()
    path = write(tmp_path / "naive.py", NAIVE)
    cache = Cache(tmp_path)
    _fill(cache, path)
    cache.save()

    again = Cache(tmp_path)
    assert again.file(str(path), STAMP) == (digest(data), True)
    assert again.mentions(digest(data), rb"ask\s*\(") is False
    assert again.summary(digest(data)) == summarize(data)
    assert again.analysis("settings", KEY) == ((_finding(),), {"helper": (_finding().fix, "")})
    assert again.run("run", "stamps") == {str(path): (_finding(),)}
    assert _names(again) == ["cache.db", MAKING]
    assert again.directory == tmp_path / ".toolcfg_cache" / __version__


def test_what_changed_since_is_not_reused(tmp_path: Path) -> None:
    data = NAIVE.encode()
    path = write(tmp_path / "naive.py", NAIVE)
    cache = Cache(tmp_path)
    _fill(cache, path)
    cache.save()

    again = Cache(tmp_path)
    assert again.file(str(path), (*STAMP[:3], 4243)) is None  # another inode: a new file
    assert again.file(str(path), None) is None  # the file is gone
    assert again.file(str(tmp_path / "other.py"), STAMP) is None
    assert again.mentions(digest(data), rb"other\s*\(") is None
    assert again.summary(digest(b"x = 1\n")) is None
    assert again.analysis("other settings", KEY) is None
    assert again.analysis("settings", analysis_key(digest(data), "other plan")) is None
    assert again.run("run", "other stamps") is None
    assert again.run("other run", "stamps") is None


def test_nothing_is_written_before_save_and_a_gitignore_comes_with_it(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _fill(cache, write(tmp_path / "naive.py", NAIVE))
    assert not (tmp_path / ".toolcfg_cache").exists()
    cache.save()
    assert (tmp_path / ".toolcfg_cache" / ".gitignore").read_text() == "# Created by toolcfg.\n*\n"


def test_a_cache_that_cannot_be_written_is_not_kept_and_leaves_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _fill(cache, write(tmp_path / "naive.py", NAIVE))
    cache.path.mkdir(parents=True)  # neither a database nor a file it can replace
    cache.save()
    assert sorted(path.name for path in cache.directory.iterdir()) == ["cache.db", MAKING]
    assert cache.path.is_dir()
    assert Cache(tmp_path).summary(digest(NAIVE.encode())) is None


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


def test_a_summary_of_another_layout_is_not_reused(tmp_path: Path) -> None:
    """The summary's layout can change under one toolcfg version (a development build): a
    summary of another layout is summarised again, not read with missing keys."""
    data = NAIVE.encode()
    cache = Cache(tmp_path)
    cache.put_file(str(write(tmp_path / "naive.py", data)), STAMP, digest(data), True)
    cache.put_summary(digest(data), summarize(data))
    cache.save()
    with sqlite3.connect(cache.path) as database:  # as a build with other records wrote it
        database.execute("UPDATE summaries SET value = json_set(value, '$.format', 'older')")
    database.close()
    assert Cache(tmp_path).summary(digest(data)) is None
    cache.put_summary(digest(data), summarize(data))
    cache.save()
    assert Cache(tmp_path).summary(digest(data)) == summarize(data)


def test_savers_that_overlap_lose_nothing(tmp_path: Path) -> None:
    """Two runs that read the cache before either saved each keep what they learnt: the
    JSON files this cache replaced were rewritten whole, and the last writer won."""
    first, second = Cache(tmp_path), Cache(tmp_path)
    texts = {"a.py": NAIVE, "b.py": FIXED}
    for cache, (name, text) in zip((first, second), texts.items()):
        data = text.encode()
        assert cache.summary(digest(data)) is None  # both read before either saves
        cache.put_file(str(write(tmp_path / name, data)), STAMP, digest(data), True)
        cache.put_summary(digest(data), summarize(data))
    first.save()
    second.save()
    again = Cache(tmp_path)
    for name, text in texts.items():
        data = text.encode()
        assert again.file(str(tmp_path / name), STAMP) == (digest(data), True)
        assert again.summary(digest(data)) == summarize(data)


def _tool(number: int, edit: int = 0) -> str:
    """A tool module, which every run summarises: ``edit`` makes it another text."""
    return NAIVE.replace("ask", f"ask{number}") + f"\nEDIT = {'1' * (edit + 1)}\n"


def _orphans(cache: Cache) -> int:
    """Entries of content that no file's row holds."""
    return sum(
        _count(cache, f"{table} WHERE hash NOT IN (SELECT hash FROM files)")
        for table in ("summaries", "analyses", "mentions")
    )


def test_fifteen_edits_to_one_file_leave_a_summary_per_file(workdir: Path) -> None:
    """Summaries, analyses and mentions of content that no file holds any more are pruned,
    and so are the rows of files that were deleted; the analyses of the texts a fix went
    through are never kept."""
    write(workdir / "pyproject.toml", '[project]\nname = "app"\n')
    paths = [write(workdir / f"tool{number}.py", _tool(number)) for number in range(40)]
    run_files([workdir], cache_root=workdir)
    for edit in range(1, 16):
        write(paths[0], _tool(0, edit))  # a longer text each time: its stamp changes
        [result] = run_files([paths[0]], cache_root=workdir)
        assert [finding.code for finding in result.findings] == ["TCF001"]
    cache = Cache(workdir)
    assert _count(cache, "files") == 40
    assert _count(cache, "summaries") == 40  # was 55: one for each edit
    assert _count(cache, "analyses") == 40
    assert _count(cache, "mentions") <= 40
    assert _orphans(cache) == 0

    [fixed] = run_files([paths[1]], Mode.FIX, cache_root=workdir)
    assert fixed.fixed == ("TCF001",)
    assert _orphans(cache) == 0

    for path in paths[30:]:
        path.unlink()
    run_files([workdir], cache_root=workdir)
    assert (_count(cache, "files"), _count(cache, "summaries")) == (30, 30)
    assert _count(cache, "analyses") == 30
    assert _orphans(cache) == 0


def test_an_analysis_made_under_another_plan_is_replaced(workdir: Path) -> None:
    """A file is analysed again when its registration elsewhere changes; the analysis of
    its unchanged content under the old plan goes."""
    write(workdir / "pyproject.toml", '[project]\nname = "app"\n')
    nodes = write(
        workdir / "nodes.py",
        "async def first(state):\n    return await model.ainvoke(state)\n\n\n"
        "async def second(state):\n    return await model.ainvoke(state)\n",
    )
    graph = "from langgraph.graph import StateGraph\n\nfrom nodes import first, second\n\n"
    graph += "builder = StateGraph(dict)\nbuilder.add_node(first)\n"
    write(workdir / "graph.py", graph)
    [before] = run_files([nodes], cache_root=workdir)
    write(workdir / "graph.py", graph + "builder.add_node(second)\n")
    [after] = run_files([nodes], cache_root=workdir)
    assert (len(before.findings), len(after.findings)) == (1, 2)
    held = digest(nodes.read_bytes())
    assert _count(Cache(workdir), f"analyses WHERE hash = '{held}'") == 1


def test_only_the_newest_runs_are_kept(tmp_path: Path) -> None:
    for number in range(RUNS_KEPT + 3):
        cache = Cache(tmp_path)
        cache.put_run(f"run {number}", "stamps", {})
        cache.save()
    cache = Cache(tmp_path)
    kept = [
        number
        for number in range(RUNS_KEPT + 3)
        if cache.run(f"run {number}", "stamps") is not None
    ]
    assert kept == list(range(3, RUNS_KEPT + 3))
