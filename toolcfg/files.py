"""Files: reading one safely, decoding it as Python does, and writing it back atomically.

A read never follows a path into a pipe or a device. A write happens only through a
temporary file in the same directory and a rename, keeps the file's mode, writes through
a symlink rather than replacing it, and refuses when the file changed since it was read.
The text goes back in the file's own encoding, with its byte-order mark.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple, Union

#: What changes whenever a file's content may have: times, size and inode.
Stamp = Tuple[int, int, int, int]


def digest(data: bytes) -> str:
    """A file's content hash, which keys what is kept of it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stamp(path: Union[str, Path]) -> Optional[Stamp]:
    """What changes whenever the file's content may have: times, size and inode. A file
    whose stamp is unchanged is taken to be unchanged, as git's index takes it."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


class FileChangedError(Exception):
    """The file changed on disk between our read and our write."""


def read_regular_file(path: Path) -> bytes:
    """The file's bytes; a named pipe or device (``/dev/zero``) is refused, not read or
    waited on, with ``OSError``."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read()


@dataclass(frozen=True)
class Decoded:
    """A file's text, and how to turn text back into its bytes."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(data: bytes) -> Decoded:
    """The text as Python reads it: its coding cookie or UTF-8, a byte-order mark kept
    aside. Raises ``SyntaxError`` for an unknown or lying coding cookie."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    bom = b""
    if encoding == "utf-8-sig":
        encoding = "utf-8"
        if data.startswith(b"\xef\xbb\xbf"):
            bom, data = data[:3], data[3:]
    try:
        return Decoded(data.decode(encoding), encoding, bom)
    except (UnicodeDecodeError, LookupError) as error:
        raise SyntaxError(f"cannot decode the file as {encoding}: {error}") from error


def write_atomic(path: Path, original: bytes, new: bytes) -> None:
    """Replace ``path``'s contents with ``new`` if they are still ``original``."""
    target = path.resolve()  # write through a symlink, do not replace it
    if target.read_bytes() != original:
        raise FileChangedError(path)
    # The rename below would replace a file we may not write to; leave it alone instead.
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".toolcfg"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
