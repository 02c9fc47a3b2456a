"""A cache of what a run learnt, like ruff's: an unchanged file is not read, indexed or
analysed again.

One SQLite database (the standard library's ``sqlite3``), ``.toolcfg_cache/<version>/
cache.db``, a table for each kind of entry:

- ``files``: per file path, its stat stamp (modification and change times, size, inode),
  content hash and the prefilter's verdict. A file is unchanged when its stamp is the one
  recorded, as git's index decides; otherwise it is read and its hash decides.
- ``mentions``: whether a file's text, by content hash, matches a pattern (the names of
  functions whose direct callers the index looks for).
- ``summaries``: module summaries by content hash (``toolcfg.index.summary``).
- ``analyses``: a file's analysis by content hash, the index's plan for it and the
  settings; so a file whose registration elsewhere changed is analysed again.
- ``runs``: the last results of a run over a project, with the stamps of all its files:
  when none changed, a run reads nothing else.

**Concurrent runs** (pre-commit's processes, an editor beside the command line) share it
safely. A run reads entries as it needs them and keeps what it learns in memory; ``save``
writes all of it in one transaction. Writers queue on SQLite's lock (waiting up to
``BUSY_SECONDS``), so no writer loses another's entries, and in WAL mode readers see the
last saved state, never half a save. (The JSON files this replaced were each rewritten
whole: the last writer won.) Entries are keyed by content, so a run that reads one saved
by another run can only miss, never mistake.

**Bounded**: the same transaction prunes what no file maps to any more: the rows of files
that no longer exist; summaries, mentions and analyses of a content hash that no file's row
holds (so editing one file again and again keeps one summary of it); mentions and
analyses of a hash other than the ones this save made for it (made under another pattern
or plan); and all but the newest ``RUNS_KEPT`` runs.

**Untrusted**: a cache directory can come with a checkout, and must not be able to run
code or change a result. Values are JSON text, never pickle, and each is checked for its
shape before use; anything malformed is ignored. A database that is not exactly ours (not a
database, another schema, a view or a trigger, a link, a link among its companion ``-wal``
and ``-shm`` files) is never read, and the next save replaces it; SQLite's
``trusted_schema`` is off. The database is ``cachedb.py``'s; findings' JSON form,
``cachedfindings.py``'s.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

from toolcfg import __version__
from toolcfg.cachedb import (
    COMPANIONS,
    Pending,
    State,
    connect,
    hash_of,
    initialise,
    json_value,
    save_pending,
)
from toolcfg.cachedfindings import (
    decoded_finding,
    decoded_fix,
    plain_finding,
    plain_fix,
    well_formed,
)
from toolcfg.files import Stamp, digest
from toolcfg.index import codec
from toolcfg.index.model import Summary
from toolcfg.linter.findings import Finding, Fix
from toolcfg.lock import DIRECTORY, hold, make_cache_directory

try:
    import sqlite3
except ImportError:  # a Python built without it: runs go on without a cache
    sqlite3 = None  # type: ignore[assignment]

DATABASE = "cache.db"
#: Held while a save makes the database, or replaces one that is not ours: so that two runs
#: never replace one another's new database, and one alone switches a new one to WAL. It
#: stays, as lock files do: one removed while a run waits on it locks nothing.
MAKING = "make.lock"
#: The JSON stores of earlier builds of this version, which a new database supersedes.
_LEGACY = ("files.json", "index.json", "runs.json", "analyses-*.json")


def analysis_key(hashed: str, plan: str) -> str:
    """The key of a file's analysis: its content hash first, which pruning reads back."""
    return f"{hashed}-{digest(plan.encode())}"


class Cache:
    """What one run can reuse from earlier runs with the same toolcfg version."""

    def __init__(self, root: Path, directory: Optional[Path] = None) -> None:
        """The cache of a run in ``root``: ``.toolcfg_cache`` there, or ``directory``
        (``--cache-dir``); each toolcfg version keeps its own below it."""
        self.root = root
        #: The cache's own directory, which holds a ``.gitignore`` and a directory a version.
        self.base = directory if directory is not None else root / DIRECTORY
        self.directory = self.base / __version__
        self.path = self.directory / DATABASE
        self._connection: Optional[sqlite3.Connection] = None
        self._state: Optional[State] = None
        #: One statement at a time: the pipeline may ask from more than one thread.
        self._using = threading.Lock()
        #: The ``files`` table, read whole and decoded at its first use: a run asks for every
        #: file.
        self._files: Optional[Dict[Any, Any]] = None
        #: The ``mentions`` table, read and decoded a pattern at a time.
        self._mentions: Dict[str, Dict[Any, Any]] = {}
        self._pending = Pending()
        #: The files asked about with a stamp, or recorded, since the last save: found by
        #: the run, so they exist.
        self._seen: Set[str] = set()

    # files: stamp -> content hash and the prefilter's verdict

    def file(self, path: str, stamped: Optional[Stamp]) -> Optional[Tuple[str, bool]]:
        if stamped is not None:
            self._seen.add(path)
        entry = self._pending.files.get(path)
        if entry is None:
            if self._files is None:
                # Decoded once: a language server asks again for every file at each keystroke.
                rows = self._rows("SELECT path, value FROM files", ())
                self._files = {path: json_value(value) for path, value in rows}
            entry = self._files.get(path)
        if stamped is None or not isinstance(entry, list) or len(entry) != 3:
            return None
        recorded, hashed, registers = entry
        if recorded != list(stamped) or not isinstance(hashed, str) or type(registers) is not bool:
            return None
        return hashed, registers

    def put_file(self, path: str, stamped: Optional[Stamp], hashed: str, registers: bool) -> None:
        if stamped is not None:
            self._seen.add(path)
            self._pending.files[path] = [list(stamped), hashed, registers]

    # whether a file's text matches a pattern (direct callers of a function, by name)

    def mentions(self, hashed: str, pattern: bytes) -> Optional[bool]:
        key = digest(pattern)
        found = self._pending.mentions.get((hashed, key))
        if found is None:
            if key not in self._mentions:
                query = "SELECT hash, value FROM mentions WHERE pattern = ?"
                rows = self._rows(query, (key,))
                self._mentions[key] = {hashed: json_value(value) for hashed, value in rows}
            found = self._mentions[key].get(hashed)
        return found if type(found) is bool else None

    def put_mentions(self, hashed: str, pattern: bytes, found: bool) -> None:
        self._pending.mentions[hashed, digest(pattern)] = found

    # module summaries by content hash

    def summary(self, hashed: str) -> Optional[Summary]:
        found = self._pending.summaries.get(hashed)
        if found is None:
            found = self._value("SELECT value FROM summaries WHERE hash = ?", (hashed,))
        try:
            return codec.decode(found)
        except codec.MalformedSummary:
            return None

    def put_summary(self, hashed: str, summary: Summary) -> None:
        self._pending.summaries[hashed] = codec.encode(summary)

    # analyses by file content, plan and settings

    def analysis(
        self, settings_key: str, key: str
    ) -> Optional[Tuple[Tuple[Finding, ...], Dict[str, Tuple[Optional[Fix], str]]]]:
        settings = _settings_name(settings_key)
        entry = self._pending.analyses.get((settings, key))
        if entry is None:
            query = "SELECT value FROM analyses WHERE hash = ? AND settings = ? AND key = ?"
            entry = self._value(query, (hash_of(key), settings, key))
        if not isinstance(entry, dict):
            return None
        try:
            found = tuple(decoded_finding(item) for item in entry["findings"])
            helpers = {
                str(name): (decoded_fix(value[0]) if value[0] is not None else None, str(value[1]))
                for name, value in entry["helpers"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if not all(map(well_formed, found)):
            return None
        return found, helpers

    def put_analysis(
        self,
        settings_key: str,
        key: str,
        found: Tuple[Finding, ...],
        helpers: Dict[str, Tuple[Optional[Fix], str]],
    ) -> None:
        self._pending.analyses[_settings_name(settings_key), key] = {
            "findings": [plain_finding(finding) for finding in found],
            "helpers": {
                name: [plain_fix(fix) if fix is not None else None, reason]
                for name, (fix, reason) in helpers.items()
            },
        }

    # whole runs: when no file of the project changed, the last results stand

    def run(self, key: str, stamps: str) -> Optional[Dict[str, Tuple[Finding, ...]]]:
        entry = self._pending.runs.get(key)
        if entry is None:
            entry = self._value("SELECT value FROM runs WHERE key = ?", (key,))
        if not isinstance(entry, dict) or entry.get("stamps") != stamps:
            return None
        try:
            results = {
                str(path): tuple(decoded_finding(item) for item in found)
                for path, found in entry["results"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if not all(well_formed(f) for found in results.values() for f in found):
            return None
        return results

    def put_run(self, key: str, stamps: str, results: Dict[str, Tuple[Finding, ...]]) -> None:
        self._pending.runs[key] = {
            "stamps": stamps,
            "results": {path: [plain_finding(f) for f in found] for path, found in results.items()},
        }

    # saving

    def save(self) -> None:
        """Write what this run learnt, and prune, in one transaction. A cache that cannot
        be written (a read-only checkout, another run's save holding the database past
        ``BUSY_SECONDS``) is simply not kept. The database is let go of either way."""
        try:
            if self._pending:
                with self._using:
                    connection = self._writer()
                    if connection is not None:
                        save_pending(connection, self._pending, self._seen)
        except (OSError, sqlite3.Error):
            pass
        finally:
            self._pending, self._seen = Pending(), set()
            self.close()

    def close(self) -> None:
        """Let go of the database; the next read opens it again, as it is then."""
        with self._using:
            if self._connection is not None:
                self._connection.close()
            self._connection, self._state, self._files = None, None, None
            self._mentions.clear()

    # the database

    def _connect(self, create: bool = False) -> None:
        """(Re)open the database, letting go of the connection held before."""
        if self._connection is not None:
            self._connection.close()
        self._connection, self._state = connect(self.path, create)

    def _rows(self, query: str, parameters: Tuple[str, ...]) -> List[Tuple[Any, ...]]:
        """The rows ``query`` selects, opening the database at the first read; none where
        it is absent, not ours, or cannot be read now."""
        with self._using:
            if self._state is None:
                self._connect()
            if self._connection is None or self._state is not State.OURS:
                return []
            try:
                return self._connection.execute(query, parameters).fetchall()
            except sqlite3.Error:  # locked past the timeout, or gone: nothing is known
                return []

    def _value(self, query: str, parameters: Tuple[str, ...]) -> Any:
        rows = self._rows(query, parameters)
        return json_value(rows[0][0]) if rows else None

    def _writer(self) -> Optional[sqlite3.Connection]:
        """A connection to save through: to the database as it is, made if it is absent,
        replaced if it is not ours."""
        if sqlite3 is None:
            return None
        make_cache_directory(self.base)
        self.directory.mkdir(exist_ok=True)
        if self._state in (None, State.UNUSABLE):  # not read yet, or locked then
            self._connect()
        if self._state is not State.OURS:
            with hold(self.directory / MAKING):
                # Looked at again under the lock: another run may have made it already.
                self._connect()
                if self._state is State.FOREIGN:
                    for suffix in ("", *COMPANIONS):
                        _unlink(Path(f"{self.path}{suffix}"))
                if self._state in (State.ABSENT, State.FOREIGN):
                    for pattern in _LEGACY:
                        for legacy in self.directory.glob(pattern):
                            _unlink(legacy)
                    self._connect(create=True)
                if self._connection is not None and self._state is State.EMPTY:
                    initialise(self._connection)
                    self._state = State.OURS
        if self._state is not State.OURS:
            return None
        return self._connection


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _settings_name(settings_key: str) -> str:
    return hashlib.blake2b(settings_key.encode(), digest_size=8).hexdigest()
