"""A cache of what a run learnt, like ruff's: an unchanged file is not read, indexed or
analysed again.

Three JSON files under ``.toolcfg_cache/<version>/``:

- ``files.json``: per file path, its stat stamp (modification and change times, size,
  inode), content hash and the prefilter's verdict. A file is unchanged when its stamp is
  the one recorded, as git's index decides; otherwise it is read and its hash decides.
- ``index.json``: module summaries by content hash (``toolcfg.index.summary``).
- ``analyses-<settings>.json``: a file's analysis by content hash, the index's plan for it
  and the settings; so a file whose registration elsewhere changed is analysed again.
- ``runs.json``: the last results of a run over a project, with the stamps of all its
  files: when none changed, a run reads nothing else.

The cache is JSON, never pickle: a cache directory that came with a checked-out
repository must not be able to run code, and anything in it that is not well-formed is
ignored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from toolcfg import __version__
from toolcfg.files import Stamp, digest, read_regular_file
from toolcfg.index import codec
from toolcfg.index.model import Summary
from toolcfg.linter import findings as model
from toolcfg.linter.findings import Finding, Fix, Position

DIRECTORY = ".toolcfg_cache"
_EDITS = {
    cls.__name__: cls
    for cls in (
        model.AddParameter,
        model.ForwardConfig,
        model.ReplaceConfig,
        model.ChangeParameter,
        model.Rename,
        model.AddImport,
    )
}


class _Store:
    """One JSON object on disk, loaded lazily, written atomically when changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: Optional[Dict[str, Any]] = None
        self.dirty = False

    @property
    def entries(self) -> Dict[str, Any]:
        if self._entries is None:
            try:
                loaded = json.loads(read_regular_file(self.path).decode("utf-8"))
            except (OSError, ValueError, RecursionError):  # deep nesting is a RecursionError
                loaded = {}
            self._entries = loaded if isinstance(loaded, dict) else {}
        return self._entries

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if not self.dirty:
            return
        directory = self.path.parent
        try:
            directory.mkdir(parents=True, exist_ok=True)
            ignore = directory.parent / ".gitignore"
            try:  # O_EXCL: never through a symlink planted in a checked-out cache
                fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write("# Created by toolcfg.\n*\n")
            fd, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    # dumps, not dump: dump encodes in Python, dumps in C.
                    handle.write(json.dumps(self.entries, separators=(",", ":")))
                os.replace(temporary, self.path)
            except BaseException:  # a full disk, an interrupt: leave no temporary file
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            pass
        self.dirty = False


class Cache:
    """What one run can reuse from earlier runs with the same toolcfg version."""

    def __init__(self, root: Path) -> None:
        self.directory = root / DIRECTORY / __version__
        self._files = _Store(self.directory / "files.json")
        self._index = _Store(self.directory / "index.json")
        self._analyses: Dict[str, _Store] = {}
        self._runs = _Store(self.directory / "runs.json")

    # files: stamp -> content hash and the prefilter's verdict

    def file(self, path: str, stamped: Optional[Stamp]) -> Optional[Tuple[str, bool]]:
        entry = self._files.entries.get(path)
        if stamped is None or not isinstance(entry, list) or len(entry) != 3:
            return None
        recorded, hashed, registers = entry
        if recorded != list(stamped) or not isinstance(hashed, str) or type(registers) is not bool:
            return None
        return hashed, registers

    def put_file(self, path: str, stamped: Optional[Stamp], hashed: str, registers: bool) -> None:
        if stamped is not None:
            self._files.put(path, [list(stamped), hashed, registers])

    # whether a file's text matches a pattern (direct callers of a function, by name)

    def mentions(self, hashed: str, pattern: bytes) -> Optional[bool]:
        found = self._files.entries.get(_mention_key(hashed, pattern))
        return found if type(found) is bool else None

    def put_mentions(self, hashed: str, pattern: bytes, found: bool) -> None:
        self._files.put(_mention_key(hashed, pattern), found)

    # module summaries by content hash

    def summary(self, hashed: str) -> Optional[Summary]:
        try:
            return codec.decode(self._index.entries.get(hashed))
        except codec.MalformedSummary:
            return None

    def put_summary(self, hashed: str, summary: Summary) -> None:
        self._index.put(hashed, codec.encode(summary))

    # analyses by file content, plan and settings

    def _store(self, settings_key: str) -> _Store:
        name = hashlib.blake2b(settings_key.encode(), digest_size=8).hexdigest()
        if name not in self._analyses:
            self._analyses[name] = _Store(self.directory / f"analyses-{name}.json")
        return self._analyses[name]

    def analysis(
        self, settings_key: str, key: str
    ) -> Optional[Tuple[Tuple[Finding, ...], Dict[str, Tuple[Optional[Fix], str]]]]:
        entry = self._store(settings_key).entries.get(key)
        if not isinstance(entry, dict):
            return None
        try:
            found = tuple(_finding(item) for item in entry["findings"])
            helpers = {
                str(name): (_fix(value[0]) if value[0] is not None else None, str(value[1]))
                for name, value in entry["helpers"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if not all(map(_well_formed, found)):
            return None
        return found, helpers

    def put_analysis(
        self,
        settings_key: str,
        key: str,
        found: Tuple[Finding, ...],
        helpers: Dict[str, Tuple[Optional[Fix], str]],
    ) -> None:
        self._store(settings_key).put(
            key,
            {
                "findings": [_plain(finding) for finding in found],
                "helpers": {
                    name: [_plain_fix(fix) if fix is not None else None, reason]
                    for name, (fix, reason) in helpers.items()
                },
            },
        )

    # whole runs: when no file of the project changed, the last results stand

    def run(self, key: str, stamps: str) -> Optional[Dict[str, Tuple[Finding, ...]]]:
        entry = self._runs.entries.get(key)
        if not isinstance(entry, dict) or entry.get("stamps") != stamps:
            return None
        try:
            results = {
                str(path): tuple(_finding(item) for item in found)
                for path, found in entry["results"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if not all(_well_formed(f) for found in results.values() for f in found):
            return None
        return results

    def put_run(self, key: str, stamps: str, results: Dict[str, Tuple[Finding, ...]]) -> None:
        self._runs.put(
            key,
            {
                "stamps": stamps,
                "results": {path: [_plain(f) for f in found] for path, found in results.items()},
            },
        )

    def save(self) -> None:
        for store in (self._files, self._index, self._runs, *self._analyses.values()):
            store.save()


def _mention_key(hashed: str, pattern: bytes) -> str:
    return "mentions:" + digest(hashed.encode() + b"\n" + pattern)


def analysis_key(hashed: str, plan: str) -> str:
    return digest(f"{hashed}\n{plan}".encode())


def _well_formed(finding: Finding) -> bool:
    """Fields of the types the reports sort and print."""
    positions = (finding.start.line, finding.start.column, finding.end.line, finding.end.column)
    return (
        isinstance(finding.code, str)
        and isinstance(finding.message, str)
        and all(type(value) is int for value in positions)
    )


def _plain(finding: Finding) -> Dict[str, Any]:
    return {
        "code": finding.code,
        "message": finding.message,
        "start": dataclasses.asdict(finding.start),
        "end": dataclasses.asdict(finding.end),
        "fix": _plain_fix(finding.fix) if finding.fix is not None else None,
    }


def _plain_fix(fix: Fix) -> Dict[str, Any]:
    return {
        "safe": fix.safe,
        "edits": [_plain_edit(edit) for edit in fix.edits],
        "helpers": [[ref.path, ref.key] for ref in fix.helpers],
        "elsewhere": [
            {"path": other.path, "edits": [_plain_edit(edit) for edit in other.edits]}
            for other in fix.elsewhere
        ],
    }


def _plain_edit(edit: model.Edit) -> Dict[str, Any]:
    return {"type": type(edit).__name__, **dataclasses.asdict(edit)}


def _finding(data: Dict[str, Any]) -> Finding:
    fix = data["fix"]
    return Finding(
        code=data["code"],
        message=data["message"],
        start=Position(**data["start"]),
        end=Position(**data["end"]),
        fix=None if fix is None else _fix(fix),
    )


def _fix(data: Dict[str, Any]) -> Fix:
    if type(data["safe"]) is not bool:
        raise TypeError("safe")
    return Fix(
        tuple(_edit(edit) for edit in data["edits"]),
        data["safe"],
        tuple(model.HelperFixRef(str(path), str(key)) for path, key in data["helpers"]),
        tuple(
            model.FileEdits(str(other["path"]), tuple(_edit(edit) for edit in other["edits"]))
            for other in data["elsewhere"]
        ),
    )


def _edit(data: Dict[str, Any]) -> model.Edit:
    fields = dict(data)
    cls = _EDITS[fields.pop("type")]
    for name in ("function", "call"):
        if name in fields:
            fields[name] = Position(**fields[name])
    if "references" in fields:
        fields["references"] = tuple(Position(**item) for item in fields["references"])
    return cls(**fields)
