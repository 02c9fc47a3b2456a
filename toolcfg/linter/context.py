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
class Context:
    selected: Selection = is_default
    bites: Bites = everywhere
