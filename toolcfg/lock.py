"""Locks between processes, so that runs which must not interleave queue instead.

A fixing run reads the project, decides what to change across its files (a tool, and the
helper in another module that must take the config the tool now passes) and writes them.
Two fixing runs that overlap, such as pre-commit's processes each given part of the
files, or an editor beside the command line, each decide from files the other is
rewriting. The last rename wins file by file, and the project can be left calling
``condense(..., config=...)`` on a ``condense`` that takes no ``config``, with both runs
exiting 0 (issue 18). So every fixing run holds its project's lock from before it reads
until after it writes (``project_lock``).

The project's lock is ``.toolcfg_cache/fix.lock`` under its root, whatever the cache
settings: ``--no-cache`` runs take it too, and every toolcfg version shares it. Where it
cannot be made (a read-only checkout), it is ``toolcfg-<hash>.lock`` in the temporary
directory, named by the hash of the root's real path. Where neither can be opened, the run
goes on unlocked: a lock must never stop a fix.

On POSIX the lock is ``fcntl.flock``, which the kernel releases when the process ends, so
a run that is killed never leaves it held. On Windows it is ``msvcrt.locking`` of the
file's first byte, polled, as its blocking mode gives up after ten seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator, List, Optional

#: The directory, in a project root or where the cache is kept, that toolcfg writes to.
DIRECTORY = ".toolcfg_cache"
#: The project's lock, in ``DIRECTORY``.
PROJECT_LOCK = "fix.lock"
_GITIGNORE = "# Created by toolcfg.\n*\n"
#: How long the Windows lock waits between tries.
_POLL_SECONDS = 0.05


def make_directory(root: Path) -> Path:
    """``root/.toolcfg_cache``, made if need be, with a ``.gitignore`` that keeps it out of
    git. Raises ``OSError`` when it cannot be made."""
    return make_cache_directory(root / DIRECTORY)


def make_cache_directory(directory: Path) -> Path:
    """A cache's directory (``.toolcfg_cache``, or ``--cache-dir``'s, with the directories
    above it), made if need be, with a ``.gitignore`` that keeps it out of git. Raises
    ``OSError`` when it cannot be made."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    try:  # O_EXCL: never through a symlink planted in a checked-out cache
        fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_GITIGNORE)
    return directory


@contextlib.contextmanager
def project_lock(root: str) -> Iterator[Optional[Path]]:
    """Hold the lock of the project at ``root`` while the block runs, after any other
    holder releases it. Yields the lock file, or None when none could be opened."""
    for path in _places(root):
        try:
            fd = _open(path)
        except OSError:
            continue
        with _holding(fd):
            yield path
        return
    yield None


@contextlib.contextmanager
def hold(path: Path) -> Iterator[None]:
    """Hold the lock ``path`` (made if need be) while the block runs. Raises ``OSError``
    when it cannot be opened."""
    with _holding(_open(path)):
        yield


def _places(root: str) -> List[Path]:
    """Where the project's lock may be, in order: in the project, else in the temporary
    directory."""
    places = []
    with contextlib.suppress(OSError):
        places.append(make_directory(Path(root)) / PROJECT_LOCK)
    return [*places, fallback(root)]


def fallback(root: str) -> Path:
    """The lock of the project at ``root`` in the temporary directory, for a project that
    cannot hold it: named by the hash of the root's real path, so every run finds it."""
    real = os.path.normcase(os.path.realpath(root))
    name = hashlib.blake2b(real.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return Path(tempfile.gettempdir()) / f"toolcfg-{name}.lock"


def _open(path: Path) -> int:
    """A descriptor of the lock file, made if need be. Read-only, which is all a lock
    needs, so that a lock file another user made can be opened too; never through a
    symlink, and only a regular file (a planted FIFO or device is refused)."""
    flags = os.O_RDONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o666)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a regular file")
    return fd


@contextlib.contextmanager
def _holding(fd: int) -> Iterator[None]:
    """Lock ``fd``, waiting for it, and unlock and close it after the block."""
    try:
        _acquire(fd)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _acquire(fd: int) -> None:
        while True:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                time.sleep(_POLL_SECONDS)

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
