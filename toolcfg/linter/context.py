"""What the analysis of a file is told of its settings: which codes are selected, and where
each rule bites. Kept apart from the analysis, so that the pipeline can name it without
importing LibCST."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from toolcfg.rules import is_default
from toolcfg.rules.base import Condition

Selection = Callable[[str], bool]
#: For where a finding bites (``Rule.condition_of``): None when that cannot hold where the
#: file runs, else the text that says where it bites ("" when everywhere).
Bites = Callable[[Condition], Optional[str]]


def everywhere(condition: Condition) -> Optional[str]:
    return ""


@dataclass(frozen=True)
class FixStyle:
    """What a fix may write for an optional annotation in a file, in the project's style:
    ``X | None`` evaluated at run time needs Python 3.10 (``pep604``: the file never runs
    older), and the project's ruff asks for it where it can (``up045``: UP045 applies to
    the file, as ``keep_runtime_typing`` limits it below 3.10)."""

    pep604: bool = False
    up045: bool = False
    keep_runtime_typing: bool = False

    def asks_for_pipe(self, future_annotations: bool) -> bool:
        """Would the project's ruff report ``Optional[X]`` in this file (UP045)? From Python
        3.10 always; below, only where annotations are not evaluated (PEP 563)."""
        return self.up045 and (self.pep604 or (future_annotations and not self.keep_runtime_typing))


@dataclass(frozen=True)
class Context:
    selected: Selection = is_default
    bites: Bites = everywhere
    style: FixStyle = FixStyle()
