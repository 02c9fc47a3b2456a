"""Whether a rule's condition can hold where a file runs, and the words that say so.

A rule carries the Python and package versions where the loss was measured
(``rules.base.Condition``); the settings carry what the project admits (its target version
and declared package ranges). A rule that cannot bite is not reported, and one that can
says why it applies here: "... on Python 3.10, which `requires-python >=3.10` admits".
"""

from __future__ import annotations

from typing import List, Optional

from toolcfg.rules.base import ALWAYS, Condition, Rule
from toolcfg.settings import NO_TARGET_VERSION, Settings
from toolcfg.versions import Version


def bites(rule: Rule, variant: str, settings: Settings) -> Optional[str]:
    """None when the rule's condition cannot hold for these settings; else the words for
    the message ("" when the rule bites everywhere)."""
    return words(rule.condition_of(variant), settings)


def words(condition: Condition, settings: Settings) -> Optional[str]:
    if condition == ALWAYS:
        return ""
    phrases: List[str] = []
    sources: List[str] = []
    if condition.python_below is not None:
        below = Version(condition.python_below)
        target = settings.target_version
        if not target < below:
            return None
        phrases.append(f"on Python {_pythons(target, below)}")
        if settings.target_version_source != NO_TARGET_VERSION:
            sources.append(settings.target_version_source)
    for package, bound in condition.packages:
        declared = settings.packages.get(package)
        limit = Version(bound)
        if declared is not None:
            if not declared.range.admits_below(limit):
                return None
            sources.append(declared.short)
        phrases.append(f"with {package} < {limit}")
    text = " " + " ".join(phrases)
    if sources:
        verb = "admits" if len(sources) == 1 else "admit"
        text += f", which {' and '.join(sources)} {verb}"
    return text


def _pythons(target: Version, below: Version) -> str:
    """``3.10``, ``3.9 and 3.10``, ``3.8 to 3.10``: the minor versions from the target up to
    (not including) ``below``."""
    major = target.release[0]
    first = target.release[1] if len(target.release) > 1 else 0
    last = below.release[1] - 1 if len(below.release) > 1 and below.release[0] == major else first
    if last <= first:
        return f"{major}.{first}"
    if last == first + 1:
        return f"{major}.{first} and {major}.{last}"
    return f"{major}.{first} to {major}.{last}"
