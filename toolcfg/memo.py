"""What the pipeline remembers: in memory for the life of a run, a fix loop or an editor
session, and in the on-disk cache (``toolcfg.cache``) between runs.

Everything is keyed by what it depends on: a summary by the file's content hash, an
analysis by the content hash, the index's plan for the file and its settings. So between
fix passes, and between an editor's keystrokes, only the files whose text or whose plan
changed are summarised or analysed again, without anyone having to say which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Optional, Set, Tuple

from toolcfg.cache import Cache
from toolcfg.files import Stamp
from toolcfg.index.model import Summary
from toolcfg.linter.findings import FileAnalysis
from toolcfg.scan import Scanned

if TYPE_CHECKING:
    from toolcfg.incremental import LastPass


class Memo:
    """In-memory results over an optional ``Cache``. ``disk_analyses`` False: analyses are
    never taken from the disk (``--fix`` carries out only fixes it decided itself).
    ``buffers_on_disk`` False: what is learnt of texts that are not on disk (an editor's
    buffer at each keystroke) stays in memory, where ``release`` forgets it, so that a long
    editing session grows neither the cache nor the process."""

    def __init__(
        self,
        cache: Optional[Cache] = None,
        disk_analyses: bool = True,
        buffers_on_disk: bool = True,
    ) -> None:
        self.cache = cache
        self.disk_analyses = disk_analyses
        self.buffers_on_disk = buffers_on_disk
        #: Content hashes of buffers kept in memory only, and the analyses made of each.
        self._buffers: Dict[str, Set[Tuple[str, str]]] = {}
        self._summaries: Dict[str, Scanned] = {}
        self._verdicts: Dict[str, bool] = {}
        self._analyses: Dict[Tuple[str, str], FileAnalysis] = {}
        self._mentions: Dict[Tuple[str, bytes], bool] = {}
        #: Content hashes whose summary came from the disk: summarised again if the index
        #: cannot read one (a cache that came with a checkout, or an older toolcfg's).
        self.from_disk: Set[str] = set()
        #: The last project pass, which the next check takes if nothing it read changed
        #: but the positions in one buffer (``toolcfg.incremental``).
        self.last_pass: Optional[LastPass] = None

    # -- the scan ----------------------------------------------------------------------------

    def known(self, path: str, stamped: Optional[Stamp]) -> Optional[Tuple[str, bool]]:
        """A disk file's content hash and prefilter verdict, if its stamp is the one
        recorded: it need not be read."""
        if self.cache is None or stamped is None:
            return None
        return self.cache.file(path, stamped)

    def verdict(self, hashed: str) -> Optional[bool]:
        """The prefilter's verdict on the content ``hashed``, if this session knows it."""
        return self._verdicts.get(hashed)

    def summary(self, hashed: str) -> Optional[Scanned]:
        """The summary of the content ``hashed``, from memory or the disk, if known."""
        found = self._summaries.get(hashed)
        if found is None and self.cache is not None:
            summary = self.cache.summary(hashed)
            if summary is not None:
                self.from_disk.add(hashed)
                found = Scanned(hashed, self._verdicts.get(hashed, False), summary)
                self._summaries[hashed] = found
        return found

    def put_scanned(self, path: Optional[str], stamped: Optional[Stamp], scanned: Scanned) -> None:
        """``path`` with no ``stamped``: a text the disk does not hold (or a file that
        vanished), a buffer for ``buffers_on_disk``."""
        self._verdicts[scanned.digest] = scanned.registers
        if scanned.summarised:
            self._summaries[scanned.digest] = scanned
            self.from_disk.discard(scanned.digest)
        if not self.buffers_on_disk and path is not None and stamped is None:
            self._buffers.setdefault(scanned.digest, set())
            return
        if self.cache is not None:
            if path is not None and stamped is not None:
                self.cache.put_file(path, stamped, scanned.digest, scanned.registers)
            if scanned.summary is not None:
                self.cache.put_summary(scanned.digest, scanned.summary)

    def put_summary(self, hashed: str, summary: Summary) -> None:
        self.put_scanned(None, None, Scanned(hashed, self._verdicts.get(hashed, False), summary))

    # -- analyses ----------------------------------------------------------------------------

    def analysis(self, settings_key: str, key: str) -> Optional[FileAnalysis]:
        found = self._analyses.get((settings_key, key))
        if found is None and self.cache is not None and self.disk_analyses:
            cached = self.cache.analysis(settings_key, key)
            if cached is not None:
                found = FileAnalysis(*cached)
                self._analyses[(settings_key, key)] = found
        return found

    def put_analysis(
        self, settings_key: str, key: str, analysis: FileAnalysis, buffer: Optional[str] = None
    ) -> None:
        """``buffer``: the content hash of the text analysed, when the disk does not hold it."""
        self._analyses[(settings_key, key)] = analysis
        if buffer is not None and not self.buffers_on_disk:
            self._buffers.setdefault(buffer, set()).add((settings_key, key))
            return
        if self.cache is not None:
            self.cache.put_analysis(
                settings_key, key, analysis.findings, dict(analysis.helper_fixes)
            )

    # -- direct callers ----------------------------------------------------------------------

    def mentions(self, hashed: str, pattern: bytes) -> Optional[bool]:
        found = self._mentions.get((hashed, pattern))
        if found is None and self.cache is not None:
            found = self.cache.mentions(hashed, pattern)
            if found is not None:
                self._mentions[(hashed, pattern)] = found
        return found

    def put_mentions(self, hashed: str, pattern: bytes, found: bool) -> None:
        self._mentions[(hashed, pattern)] = found
        if hashed in self._buffers:
            return
        if self.cache is not None:
            self.cache.put_mentions(hashed, pattern, found)

    def release(self, hashed: str) -> None:
        """Forget what was learnt of the buffer text ``hashed`` (the editor moved on); the
        disk cache, which never held it, is left as it is."""
        analyses = self._buffers.pop(hashed, None)
        if analyses is None:
            return
        self._summaries.pop(hashed, None)
        self._verdicts.pop(hashed, None)
        for key in analyses:
            self._analyses.pop(key, None)
        for mention in [key for key in self._mentions if key[0] == hashed]:
            del self._mentions[mention]

    def save(self) -> None:
        if self.cache is not None:
            self.cache.save()
