"""What the analysis of a file is told of its settings: which codes are selected, and where
each rule bites. Kept apart from the analysis, so that the pipeline can name it without
importing LibCST."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from toolcfg.rules import is_default
from toolcfg.rules.base import Rule

Selection = Callable[[str], bool]
#: For a rule and message variant: None when it cannot bite where the file runs, else the
#: text that says where it bites ("" when everywhere).
Bites = Callable[[Rule, str], Optional[str]]


def everywhere(rule: Rule, variant: str) -> Optional[str]:
    return ""


@dataclass(frozen=True)
class Context:
    selected: Selection = is_default
    bites: Bites = everywhere
