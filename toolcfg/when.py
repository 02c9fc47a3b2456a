"""Whether a rule's condition can hold where a file runs, and the words that say so.

A rule carries the Python and package versions where the loss was measured
(``rules.base.Condition``); the settings carry what the project admits (its target version
and declared package ranges). A rule that cannot bite is not reported, and one that can
says why it applies here: "... on Python 3.10, which `requires-python >=3.10` admits".
"""

from __future__ import annotations

from typing import List, Optional

from toolcfg.filesettings import NO_TARGET_VERSION, Settings
from toolcfg.rules.base import ALWAYS, Condition, minors
from toolcfg.versions import Version


def words(condition: Condition, settings: Settings) -> Optional[str]:
    """None when a rule's condition (``Rule.condition_of``) cannot hold for these
    settings; else the words for the message ("" when the rule bites everywhere)."""
    if condition == ALWAYS:
        return ""
    phrases: List[str] = []
    sources: List[str] = []
    target = settings.target_version
    if condition.python_from is not None:
        # Code that needs a newer Python than the project's oldest runs from there.
        target = max(target, Version(condition.python_from))
    if condition.python_below is not None:
        below = Version(condition.python_below)
        if not target < below:
            return None
        phrases.append(f"on Python {minors(target.release, below.release)}")
        if settings.target_version_source != NO_TARGET_VERSION:
            sources.append(settings.target_version_source)
    bounds = [(package, Version(bound), True) for package, bound in condition.packages]
    bounds.extend((package, Version(bound), False) for package, bound in condition.packages_from)
    for package, limit, below_limit in bounds:
        declared = settings.packages.get(package)
        if declared is not None:
            admits = (
                declared.range.admits_below(limit)
                if below_limit
                else declared.range.admits_at_least(limit)
            )
            if not admits:
                return None
            sources.append(declared.short)
        phrases.append(f"with {package} {'<' if below_limit else '>='} {limit}")
    text = " " + " ".join(phrases)
    if sources:
        verb = "admits" if len(sources) == 1 else "admit"
        text += f", which {' and '.join(sources)} {verb}"
    return text
