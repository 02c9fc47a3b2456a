"""Atomic writes that keep everything about a file but the text we changed.

The new bytes come from LibCST, which keeps the encoding, BOM and line endings of the
source, so this module only has to keep the file's mode and never leave it half written.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


class FileChangedError(Exception):
    """The file changed on disk between our read and our write."""


def write_atomic(path: Path, original: bytes, new: bytes) -> None:
    """Replace ``path``'s contents with ``new`` if they are still ``original``."""
    target = path.resolve()  # write through a symlink, do not replace it
    if target.read_bytes() != original:
        raise FileChangedError(f"{path} changed on disk while it was being fixed")
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
