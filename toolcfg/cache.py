"""A cache of results, like ruff's: an unchanged file is not read or parsed again.

Entries are kept per file path, under a directory per toolcfg version and settings. A
file is unchanged when its stat stamp (modification and change times, size, inode) is
the one recorded, as git's index decides; when the stamp differs, the file is read and
its content hash decides. The cache is JSON, never pickle: a cache directory that came
with a checked-out repository must not be able to run code.
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
from toolcfg.files import read_regular_file
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


Stamp = Tuple[int, int, int, int]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stamp(path: Path) -> Optional[Stamp]:
    """What changes whenever the file's content may have: times, size and inode."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


class Cache:
    """Findings per file, for one toolcfg version and one set of settings."""

    def __init__(self, root: Path, settings_key: str) -> None:
        key = hashlib.blake2b(settings_key.encode(), digest_size=8).hexdigest()
        self.directory = root / DIRECTORY / __version__
        self.path = self.directory / f"{key}.json"
        self._entries: Dict[str, Any] = {}
        self._dirty = False
        try:
            entries = json.loads(read_regular_file(self.path).decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # a deeply nested array is a RecursionError
            entries = {}
        # A cache that came with a checkout can hold anything: keep only its well-formed entries.
        self._entries = entries if isinstance(entries, dict) else {}

    def get(
        self, path: Path, stamp: Optional[Stamp] = None, hashed: Optional[str] = None
    ) -> Optional[Tuple[Tuple[Finding, ...], Optional[str]]]:
        """The findings and error recorded for this file, if its stamp or content matches."""
        entry = self._entries.get(os.path.abspath(path))
        if not isinstance(entry, dict):
            return None
        same_stamp = stamp is not None and entry.get("stamp") == list(stamp)
        same_content = hashed is not None and entry.get("hash") == hashed
        if not (same_stamp or same_content):
            return None
        try:
            findings, error = tuple(_finding(item) for item in entry["findings"]), entry["error"]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if not (error is None or isinstance(error, str)) or not all(map(_well_formed, findings)):
            return None
        return findings, error

    def put(
        self,
        path: Path,
        stamp: Optional[Stamp],
        hashed: Optional[str],
        findings: Tuple[Finding, ...],
        error: Optional[str] = None,
    ) -> None:
        """Record a result; ``hashed`` is None for files the prefilter ruled out."""
        self._entries[os.path.abspath(path)] = {
            "stamp": None if stamp is None else list(stamp),
            "hash": hashed,
            "findings": [_plain(finding) for finding in findings],
            "error": error,
        }
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is simply not kept."""
        if not self._dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory.parent / ".gitignore"
            try:  # O_EXCL: never through a symlink planted in a checked-out cache
                fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write("# Created by toolcfg.\n*\n")
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(self._entries, handle)
                os.replace(temporary, self.path)
            except BaseException:  # a full disk, an interrupt: leave no temporary file
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            pass


def _well_formed(finding: Finding) -> bool:
    """Fields of the types the reports sort and print."""
    positions = (finding.start.line, finding.start.column, finding.end.line, finding.end.column)
    return (
        isinstance(finding.code, str)
        and isinstance(finding.message, str)
        and all(type(value) is int for value in positions)
    )


def _plain(finding: Finding) -> Dict[str, Any]:
    data: Dict[str, Any] = {
        "code": finding.code,
        "message": finding.message,
        "start": dataclasses.asdict(finding.start),
        "end": dataclasses.asdict(finding.end),
        "fix": None,
    }
    fix = finding.fix
    if fix is not None:
        data["fix"] = {
            "safe": fix.safe,
            "edits": [_plain_edit(edit) for edit in fix.edits],
            "elsewhere": [
                {"path": other.path, "edits": [_plain_edit(edit) for edit in other.edits]}
                for other in fix.elsewhere
            ],
        }
    return data


def _plain_edit(edit: model.Edit) -> Dict[str, Any]:
    return {"type": type(edit).__name__, **dataclasses.asdict(edit)}


def _finding(data: Dict[str, Any]) -> Finding:
    fix = data["fix"]
    return Finding(
        code=data["code"],
        message=data["message"],
        start=Position(**data["start"]),
        end=Position(**data["end"]),
        fix=None
        if fix is None
        else Fix(
            tuple(_edit(edit) for edit in fix["edits"]),
            fix["safe"],
            (),
            tuple(
                model.FileEdits(other["path"], tuple(_edit(edit) for edit in other["edits"]))
                for other in fix["elsewhere"]
            ),
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
