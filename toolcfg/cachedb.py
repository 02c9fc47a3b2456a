"""The cache's SQLite database: opening only one that is exactly ours, and one save's transaction.

``cache.py`` decides what a run reads from the cache and what it keeps; this is the storage
under it: the tables and their schema, the checks that keep a planted database, or a link
among its files, from being read (anything not exactly ours is reported as foreign, and
the next save replaces it), and the one transaction in which a save writes what a run
learnt and prunes what no file holds any more. Values are JSON text, never pickle.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import os
import stat
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

try:
    import sqlite3
except ImportError:  # a Python built without it: runs go on without a cache
    sqlite3 = None  # type: ignore[assignment]

#: How long a save waits for another run's save to finish before it keeps nothing.
BUSY_SECONDS = 10.0
#: Whole runs kept: the newest, by when they were saved. A run's results stand only until
#: a file of its project changes, so a few (a run over the project, over a directory, the
#: files a hook was given) are all that is ever reused.
RUNS_KEPT = 8
COMPANIONS = ("-wal", "-shm", "-journal")


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


class State(enum.Enum):
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
class Pending:
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


def connect(path: Path, create: bool = False) -> Tuple[Optional[sqlite3.Connection], State]:
    """A connection to the database at ``path`` if it is ours (or new), and what is there.
    Nothing is read from a file that is not a regular one, or whose companions are not."""
    if sqlite3 is None:
        return None, State.UNUSABLE
    if not create:
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return None, State.ABSENT
        except OSError:
            return None, State.UNUSABLE
        if not stat.S_ISREG(status.st_mode):
            return None, State.FOREIGN
    for suffix in COMPANIONS:
        try:
            status = os.lstat(f"{path}{suffix}")
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            return None, State.FOREIGN
    try:
        connection = sqlite3.connect(
            path.absolute().as_uri() + ("?mode=rwc" if create else "?mode=rw"),
            uri=True,
            timeout=BUSY_SECONDS,
            isolation_level=None,  # transactions are begun and committed by hand
            check_same_thread=False,  # each use holds Cache._using
        )
    except sqlite3.Error:
        return None, State.UNUSABLE
    try:
        _harden(connection)
        schema = connection.execute(_SCHEMA_QUERY).fetchall()
    except sqlite3.OperationalError:  # locked, read-only: it may well be ours
        connection.close()
        return None, State.UNUSABLE
    except sqlite3.DatabaseError:  # not a database, or a malformed one
        connection.close()
        return None, State.FOREIGN
    if not schema:
        return connection, State.EMPTY
    if schema != _schema():
        connection.close()
        return None, State.FOREIGN
    return connection, State.OURS


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


def initialise(connection: sqlite3.Connection) -> None:
    """Make a new database ours: WAL mode, which the file keeps, and the tables. Called
    only under the lock that makes or replaces the database: switching a new database's
    journal to WAL needs it alone, and SQLite refuses the switch at once (``database is
    locked``, without waiting) to a second run switching it at the same time."""
    connection.execute("PRAGMA journal_mode = WAL")  # readers go on while a run saves
    connection.execute("BEGIN IMMEDIATE")
    try:
        if not connection.execute(_SCHEMA_QUERY).fetchall():
            for table in _TABLES:
                connection.execute(table)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def save_pending(connection: sqlite3.Connection, pending: Pending, seen: Set[str]) -> None:
    """One transaction: write, prune. Writers queue on it, each waiting up to
    ``BUSY_SECONDS``."""
    connection.execute("PRAGMA synchronous = NORMAL")  # durable enough for a cache
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute(_SCHEMA_QUERY).fetchall() != _schema():
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


def _write_content(connection: sqlite3.Connection, pending: Pending) -> None:
    """Write the entries of content that some file holds (an analysis of a text a fix
    made, or a summary of a file outside the project, would be kept for nothing). A
    hash's mentions, and its analyses in each settings, are the ones this run made for
    it: those made under another pattern or plan go."""
    written = {h for h, _ in pending.mentions} | set(pending.summaries)
    held = _held(connection, written | {hash_of(key) for _, key in pending.analyses})
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
        (hash_of(key), settings, key): entry
        for (settings, key), entry in pending.analyses.items()
        if hash_of(key) in held
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


def hash_of(key: str) -> str:
    return key.partition("-")[0]


def _encoded(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def json_value(value: Any) -> Any:
    """A value as JSON text; None for anything else, which a planted cache may hold."""
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):  # deep nesting is a RecursionError
        return None
