"""The cache keeps results between runs and never leaves debris behind."""

from __future__ import annotations

from pathlib import Path

from toolcfg.cache import Cache, digest
from toolcfg.linter.findings import Finding, Position


def _finding() -> Finding:
    return Finding("TCF001", "message", Position(4, 11), Position(4, 17))


def test_results_survive_a_save(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "settings")
    cache.put(tmp_path / "a.py", None, digest(b"x"), (_finding(),))
    cache.save()
    assert Cache(tmp_path, "settings").get(tmp_path / "a.py", hashed=digest(b"x")) == ((_finding(),), None)
    assert Cache(tmp_path, "other settings").get(tmp_path / "a.py", hashed=digest(b"x")) is None


def test_a_cache_that_cannot_be_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "settings")
    cache.put(tmp_path / "a.py", None, digest(b"x"), (_finding(),))
    cache.path.mkdir(parents=True)  # the rename onto it fails
    cache.save()
    assert [path.name for path in cache.directory.iterdir()] == [cache.path.name]
