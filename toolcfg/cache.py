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
``trusted_schema`` is off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import json
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

from toolcfg import __version__
from toolcfg.files import Stamp, digest
from toolcfg.index import codec
from toolcfg.index.model import Summary
from toolcfg.linter import findings as model
from toolcfg.linter.findings import Finding, Fix, Position
from toolcfg.lock import DIRECTORY, hold, make_cache_directory

try:
    import sqlite3
except ImportError:  # a Python built without it: runs go on without a cache
    sqlite3 = None  # type: ignore[assignment]

DATABASE = "cache.db"
#: How long a save waits for another run's save to finish before it keeps nothing.
BUSY_SECONDS = 10.0
#: Whole runs kept: the newest, by when they were saved. A run's results stand only until
#: a file of its project changes, so a few (a run over the project, over a directory, the
#: files a hook was given) are all that is ever reused.
RUNS_KEPT = 8
#: Held while a save replaces a database that is not ours, so that two runs never
#: replace one another's new database.
_REPLACING = "replace.lock"
_COMPANIONS = ("-wal", "-shm", "-journal")

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

#: Small rows are kept in their key's order (WITHOUT ROWID); large ones (summaries, findings,
#: runs) in ordinary tables, as SQLite advises.
_TABLES = (
    "CREATE TABLE files (path TEXT PRIMARY KEY, hash TEXT NOT NULL, value TEXT NOT NULL)"
    " WITHOUT ROWID",
    "CREATE INDEX files_by_hash ON files (hash)",
    "CREATE TABLE mentions (hash TEXT NOT NULL, pattern TEXT NOT NULL, value TEXT NOT NULL,"
    " PRIMARY KEY (hash, pattern)) WITHOUT ROWID",
    "CREATE TABLE summaries (hash TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE analyses (hash TEXT NOT NULL, settings TEXT NOT NULL, key TEXT NOT NULL,"
    " value TEXT NOT NULL, PRIMARY KEY (hash, settings, key))",
    "CREATE TABLE runs (key TEXT PRIMARY KEY, saved INTEGER NOT NULL, value TEXT NOT NULL)",
)
_SCHEMA_QUERY = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
#: The tables whose entries are of a file's content, by its hash.
_OF_CONTENT = ("mentions", "summaries", "analyses")
#: The JSON stores of earlier builds of this version, which a new database supersedes.
_LEGACY = ("files.json", "index.json", "runs.json", "analyses-*.json")


def analysis_key(hashed: str, plan: str) -> str:
    """The key of a file's analysis: its content hash first, which pruning reads back."""
    return f"{hashed}-{digest(plan.encode())}"


class _State(enum.Enum):
    """What is at the database's path."""

    ABSENT = "absent"
    #: A database without tables: a new one, whose tables the first save makes.
    EMPTY = "empty"
    OURS = "ours"
    #: Not ours: replaced by the next save.
    FOREIGN = "foreign"
    #: Ours or not, it cannot be used now (locked, read-only).
    UNUSABLE = "unusable"


@dataclasses.dataclass
class _Pending:
    """What a run learnt and has not saved yet, as plain JSON-ready data."""

    files: Dict[str, List[Any]] = dataclasses.field(default_factory=dict)
    #: By content hash and the pattern's digest.
    mentions: Dict[Tuple[str, str], bool] = dataclasses.field(default_factory=dict)
    summaries: Dict[str, Dict[str, Any]] = dataclasses.field(default_factory=dict)
    #: By settings (their digest) and key.
    analyses: Dict[Tuple[str, str], Dict[str, Any]] = dataclasses.field(default_factory=dict)
    runs: Dict[str, Dict[str, Any]] = dataclasses.field(default_factory=dict)

    def __bool__(self) -> bool:
        return any((self.files, self.mentions, self.summaries, self.analyses, self.runs))


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
        self._state: Optional[_State] = None
        #: One statement at a time: the pipeline may ask from more than one thread.
        self._using = threading.Lock()
        #: The ``files`` table, read whole at its first use: a run asks for every file.
        self._files: Optional[Dict[Any, Any]] = None
        #: The ``mentions`` table, read a pattern at a time.
        self._mentions: Dict[str, Dict[Any, Any]] = {}
        self._pending = _Pending()
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
                self._files = dict(self._rows("SELECT path, value FROM files", ()))
            entry = _decoded(self._files.get(path))
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
                self._mentions[key] = dict(self._rows(query, (key,)))
            found = _decoded(self._mentions[key].get(hashed))
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
            entry = self._value(query, (_hash_of(key), settings, key))
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
        self._pending.analyses[_settings_name(settings_key), key] = {
            "findings": [_plain(finding) for finding in found],
            "helpers": {
                name: [_plain_fix(fix) if fix is not None else None, reason]
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
                str(path): tuple(_finding(item) for item in found)
                for path, found in entry["results"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if not all(_well_formed(f) for found in results.values() for f in found):
            return None
        return results

    def put_run(self, key: str, stamps: str, results: Dict[str, Tuple[Finding, ...]]) -> None:
        self._pending.runs[key] = {
            "stamps": stamps,
            "results": {path: [_plain(f) for f in found] for path, found in results.items()},
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
                        _write(connection, self._pending, self._seen)
        except (OSError, sqlite3.Error):
            pass
        finally:
            self._pending, self._seen = _Pending(), set()
            self.close()

    def close(self) -> None:
        """Let go of the database; the next read opens it again, as it is then."""
        with self._using:
            if self._connection is not None:
                self._connection.close()
            self._connection, self._state, self._files = None, None, None
            self._mentions.clear()

    # the database

    def _rows(self, query: str, parameters: Tuple[str, ...]) -> List[Tuple[Any, ...]]:
        """The rows ``query`` selects, opening the database at the first read; none where
        it is absent, not ours, or cannot be read now."""
        with self._using:
            if self._state is None:
                self._connection, self._state = _connect(self.path)
            if self._connection is None or self._state is not _State.OURS:
                return []
            try:
                return self._connection.execute(query, parameters).fetchall()
            except sqlite3.Error:  # locked past the timeout, or gone: nothing is known
                return []

    def _value(self, query: str, parameters: Tuple[str, ...]) -> Any:
        rows = self._rows(query, parameters)
        return _decoded(rows[0][0]) if rows else None

    def _writer(self) -> Optional[sqlite3.Connection]:
        """A connection to save through: to the database as it is, made if it is absent,
        replaced if it is not ours."""
        if sqlite3 is None:
            return None
        make_cache_directory(self.base)
        self.directory.mkdir(exist_ok=True)
        if self._state in (None, _State.UNUSABLE):  # not read yet, or locked then
            self._connection, self._state = _connect(self.path)
        if self._state is _State.FOREIGN:
            with hold(self.directory / _REPLACING):
                # Looked at again under the lock: another run may have replaced it already.
                self._connection, self._state = _connect(self.path)
                if self._state is _State.FOREIGN:
                    for suffix in ("", *_COMPANIONS):
                        _unlink(Path(f"{self.path}{suffix}"))
                    self._connection, self._state = _connect(self.path, create=True)
        elif self._state is _State.ABSENT:
            for pattern in _LEGACY:
                for legacy in self.directory.glob(pattern):
                    _unlink(legacy)
            self._connection, self._state = _connect(self.path, create=True)
        if self._state not in (_State.OURS, _State.EMPTY):
            return None
        return self._connection


def _connect(path: Path, create: bool = False) -> Tuple[Optional[sqlite3.Connection], _State]:
    """A connection to the database at ``path`` if it is ours (or new), and what is there.
    Nothing is read from a file that is not a regular one, or whose companions are not."""
    if sqlite3 is None:
        return None, _State.UNUSABLE
    if not create:
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return None, _State.ABSENT
        except OSError:
            return None, _State.UNUSABLE
        if not stat.S_ISREG(status.st_mode):
            return None, _State.FOREIGN
    for suffix in _COMPANIONS:
        try:
            status = os.lstat(f"{path}{suffix}")
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            return None, _State.FOREIGN
    try:
        connection = sqlite3.connect(
            path.absolute().as_uri() + ("?mode=rwc" if create else "?mode=rw"),
            uri=True,
            timeout=BUSY_SECONDS,
            isolation_level=None,  # transactions are begun and committed by hand
            check_same_thread=False,  # each use holds Cache._using
        )
    except sqlite3.Error:
        return None, _State.UNUSABLE
    try:
        _harden(connection)
        schema = connection.execute(_SCHEMA_QUERY).fetchall()
    except sqlite3.OperationalError:  # locked, read-only: it may well be ours
        connection.close()
        return None, _State.UNUSABLE
    except sqlite3.DatabaseError:  # not a database, or a malformed one
        connection.close()
        return None, _State.FOREIGN
    if not schema:
        return connection, _State.EMPTY
    if schema != _schema():
        connection.close()
        return None, _State.FOREIGN
    return connection, _State.OURS


def _harden(connection: sqlite3.Connection) -> None:
    """Trust nothing the database's schema asks for: no functions with side effects in
    views or triggers (there are none in ours), no writes to the schema itself."""
    connection.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(connection, "setconfig", None)  # Python 3.12
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:
        setconfig(defensive, True)


@functools.cache
def _schema() -> List[Tuple[Any, ...]]:
    """Our tables as ``sqlite_master`` lists them, from a database made in memory."""
    memory = sqlite3.connect(":memory:")
    try:
        for table in _TABLES:
            memory.execute(table)
        return memory.execute(_SCHEMA_QUERY).fetchall()
    finally:
        memory.close()


def _write(connection: sqlite3.Connection, pending: _Pending, seen: Set[str]) -> None:
    """One transaction: make the tables of a new database, write, prune."""
    connection.execute("PRAGMA journal_mode = WAL")  # readers go on while a run saves
    connection.execute("PRAGMA synchronous = NORMAL")  # durable enough for a cache
    connection.execute("BEGIN IMMEDIATE")
    try:
        schema = connection.execute(_SCHEMA_QUERY).fetchall()
        if not schema:
            for table in _TABLES:
                connection.execute(table)
        elif schema != _schema():
            raise sqlite3.DatabaseError("not a toolcfg cache")
        released = _write_files(connection, pending.files, seen)
        _write_content(connection, pending)
        _prune(connection, released)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:  # some errors (a full disk) have rolled it back
            connection.execute("ROLLBACK")
        raise


def _write_files(
    connection: sqlite3.Connection, files: Dict[str, List[Any]], seen: Set[str]
) -> Set[str]:
    """Record the run's files, and drop the rows of files that no longer exist: of those
    the run did not find (``seen``), which are few but after a deletion. Returns the
    content hashes the rows held, which may now be held by no file."""
    released: Set[str] = set()
    for path in files:
        rows = connection.execute("SELECT hash FROM files WHERE path = ?", (path,))
        released.update(hashed for (hashed,) in rows)
    connection.executemany(
        "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
        [(path, entry[1], _encoded(entry)) for path, entry in files.items()],
    )
    gone = [
        (path, hashed)
        for path, hashed in connection.execute("SELECT path, hash FROM files")
        if path not in seen and not (isinstance(path, str) and os.path.isfile(path))
    ]
    connection.executemany("DELETE FROM files WHERE path = ?", [(path,) for path, _ in gone])
    return released | {hashed for _, hashed in gone}


def _write_content(connection: sqlite3.Connection, pending: _Pending) -> None:
    """Write the entries of content that some file holds (an analysis of a text a fix
    made, or a summary of a file outside the project, would be kept for nothing). A
    hash's mentions, and its analyses in each settings, are the ones this run made for
    it: those made under another pattern or plan go."""
    written = {h for h, _ in pending.mentions} | set(pending.summaries)
    held = _held(connection, written | {_hash_of(key) for _, key in pending.analyses})
    mentions = {key: found for key, found in pending.mentions.items() if key[0] in held}
    connection.executemany(
        "DELETE FROM mentions WHERE hash = ?", [(hashed,) for hashed in {h for h, _ in mentions}]
    )
    connection.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?)",
        [(hashed, key, _encoded(found)) for (hashed, key), found in mentions.items()],
    )
    connection.executemany(
        "INSERT OR REPLACE INTO summaries VALUES (?, ?)",
        [
            (hashed, _encoded(found))
            for hashed, found in pending.summaries.items()
            if hashed in held
        ],
    )
    analyses = {
        (_hash_of(key), settings, key): entry
        for (settings, key), entry in pending.analyses.items()
        if _hash_of(key) in held
    }
    connection.executemany(
        "DELETE FROM analyses WHERE hash = ? AND settings = ?",
        {(hashed, settings) for hashed, settings, _ in analyses},
    )
    connection.executemany(
        "INSERT INTO analyses VALUES (?, ?, ?, ?)",
        [(*key, _encoded(entry)) for key, entry in analyses.items()],
    )
    saved = time.time_ns()
    connection.executemany(
        "INSERT OR REPLACE INTO runs VALUES (?, ?, ?)",
        [(key, saved, _encoded(entry)) for key, entry in pending.runs.items()],
    )


def _prune(connection: sqlite3.Connection, released: Set[str]) -> None:
    """Drop the entries of content that no file holds any more, and all but the newest
    runs. Only hashes this save released are looked at: the entries of every other hash
    were kept by a save that found a file holding it."""
    orphans = [(hashed,) for hashed in released - _held(connection, released)]
    for table in _OF_CONTENT:
        connection.executemany(f"DELETE FROM {table} WHERE hash = ?", orphans)
    connection.execute(
        "DELETE FROM runs WHERE key NOT IN (SELECT key FROM runs ORDER BY saved DESC LIMIT ?)",
        (RUNS_KEPT,),
    )


def _held(connection: sqlite3.Connection, hashes: Set[str]) -> Set[str]:
    """Those of ``hashes`` that some file's row holds."""
    query = "SELECT 1 FROM files WHERE hash = ? LIMIT 1"
    return {hashed for hashed in hashes if connection.execute(query, (hashed,)).fetchone()}


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _settings_name(settings_key: str) -> str:
    return hashlib.blake2b(settings_key.encode(), digest_size=8).hexdigest()


def _hash_of(key: str) -> str:
    return key.partition("-")[0]


def _encoded(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _decoded(value: Any) -> Any:
    """A value as JSON text; None for anything else, which a planted cache may hold."""
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):  # deep nesting is a RecursionError
        return None


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
