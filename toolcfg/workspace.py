"""Path -> source: the files on disk, overlaid by texts that are not on disk (or not yet).

Every entry point reads through a ``Workspace``: the command line (the disk, and stdin under
the name it stands for), the language server (the disk, and the editor's unsaved buffers),
and the fix passes (the texts the last pass produced, layered over what was read). Nothing
else in the pipeline touches the file system for source text.

It reads each file once and keeps the bytes it read, so that a fix is written only over
those bytes: a file saved while it was being fixed is left as the user saved it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, Mapping, Optional, Union

from toolcfg import notebooks
from toolcfg.files import Decoded, Stamp, decode, digest, read_regular_file, stamp, write_atomic


@dataclass
class Source:
    """A file's bytes, and its text decoded as Python decodes it (on first use)."""

    data: bytes
    _decoded: Optional[Decoded] = field(default=None, repr=False)
    _digest: Optional[str] = field(default=None, repr=False)

    @property
    def decoded(self) -> Decoded:
        """Raises ``SyntaxError`` for bytes Python cannot decode (a Latin-1 byte in a file
        that declares no coding, say)."""
        if self._decoded is None:
            self._decoded = decode(self.data)
        return self._decoded

    @property
    def text(self) -> str:
        return self.decoded.text

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = digest(self.data)
        return self._digest

    def with_text(self, text: str) -> Source:
        """The same file holding ``text``, encoded as this one is (its encoding and BOM)."""
        decoded = Decoded(text, self.decoded.encoding, self.decoded.bom)
        return Source(decoded.encode(text), decoded)


class Workspace:
    """Sources by absolute path: overlays first, then (for a layer) the workspace below,
    then the disk. ``OSError`` for a path that has no overlay and cannot be read."""

    def __init__(
        self,
        overlays: Optional[Mapping[str, Union[bytes, Source]]] = None,
        below: Optional[Workspace] = None,
    ) -> None:
        self._below = below
        self._overlays: Dict[str, Source] = {}
        #: What was read from disk, by path: what a write must find there still.
        self._read: Dict[str, Source] = {}
        #: The bytes of the notebooks read, whose ``_read`` entry is their cells' module.
        self._notebooks: Dict[str, bytes] = {}
        #: Whether a path is a file on disk, as first looked at.
        self._files: Dict[str, bool] = {}
        for path, data in (overlays or {}).items():
            self.overlay(path, data)

    # -- reading ---------------------------------------------------------------------------

    def source(self, path: str) -> Source:
        found = self._overlays.get(path)
        if found is not None:
            return found
        if self._below is not None:
            return self._below.source(path)
        found = self._read.get(path)
        if found is None:
            data = read_regular_file(Path(path))
            if notebooks.is_notebook(path):
                self._notebooks[path] = data
                data = notebooks.module_bytes(data)
            found = Source(data)
            self._read[path] = found
        return found

    def notebook(self, path: str) -> Optional[notebooks.Notebook]:
        """The notebook at ``path`` as read from disk, whose code cells ``source`` gives as
        one module; None for a module, or a file that is no notebook."""
        if self._below is not None:
            return self._below.notebook(path)
        data = self._notebooks.get(path)
        if data is None:
            return None
        try:
            return notebooks.parse(data.decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    def is_overlaid(self, path: str) -> bool:
        """Is ``path``'s text one the disk does not hold (stdin, a buffer, a fix)?"""
        return path in self._overlays or (self._below is not None and self._below.is_overlaid(path))

    def overlaid(self) -> Iterator[str]:
        """Every path with an overlay, this layer's and those below."""
        yield from self._overlays
        if self._below is not None:
            yield from (path for path in self._below.overlaid() if path not in self._overlays)

    def has_read(self, path: str) -> bool:
        """Has this workspace already read ``path`` from disk (or does it overlay it)?"""
        if path in self._overlays or path in self._read:
            return True
        return self._below is not None and self._below.has_read(path)

    def is_file(self, path: str) -> bool:
        """Whether ``path`` is a file on disk, looked at once: the index asks it of every
        ``__init__.py`` above each module it names, and a language server's keystroke
        names hundreds."""
        if self._below is not None:
            return self._below.is_file(path)
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = os.path.isfile(path)
        return found

    def stamp(self, path: str) -> Optional[Stamp]:
        """The file's stat stamp, for the cache; None for an overlaid text, which the disk
        does not describe."""
        return None if self.is_overlaid(path) else stamp(path)

    # -- changing --------------------------------------------------------------------------

    def overlay(self, path: str, data: Union[bytes, Source]) -> None:
        """Read ``path`` as ``data`` from now on (stdin, an editor's unsaved buffer)."""
        self._overlays[os.path.abspath(path)] = data if isinstance(data, Source) else Source(data)

    def discard(self, path: str) -> None:
        """Read ``path`` from below again (an editor closed the buffer)."""
        self._overlays.pop(os.path.abspath(path), None)

    def forget(self, path: str) -> None:
        """Read ``path`` from disk again next time (it changed there)."""
        self._read.pop(path, None)
        if self._below is not None:
            self._below.forget(path)

    def layer(self, texts: Mapping[str, str]) -> Workspace:
        """A workspace holding ``texts`` over this one, each encoded as the file it stands
        for is: what a fix pass hands the next one."""
        return Workspace(
            {path: self.source(path).with_text(text) for path, text in texts.items()}, self
        )

    # -- writing ---------------------------------------------------------------------------

    def write(self, path: str, text: str) -> bytes:
        """Write ``text`` over the file, atomically and in its own encoding, if the disk
        still holds the bytes this workspace read; raises ``FileChangedError`` if not,
        ``OSError`` if it cannot. Returns the bytes written. A notebook's ``text`` is its
        cells' module: it goes back into the cells."""
        if self._below is not None:
            return self._below.write(path, text)
        data = self.encoded(path, text)
        original = self._notebooks.get(path)
        write_atomic(
            Path(path), original if original is not None else self._disk_read(path).data, data
        )
        self._read.pop(path, None)
        self._notebooks.pop(path, None)
        return data

    def encoded(self, path: str, text: str) -> bytes:
        """The bytes a file holding ``text`` has: in its own encoding, or, for a notebook,
        its JSON with ``text``'s cells in it."""
        base = self
        while base._below is not None:
            base = base._below
        notebook = base.notebook(path)
        if notebook is not None:
            return notebook.with_module(text).encode("utf-8")
        return base.source(path).with_text(text).data

    def _disk_read(self, path: str) -> Source:
        if self._below is not None:
            return self._below._disk_read(path)
        found = self._read.get(path)
        if found is None:
            raise FileNotFoundError(path)
        return found
