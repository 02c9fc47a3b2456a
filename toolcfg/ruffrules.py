"""Which of its own rules the project's ruff applies to a file.

A fix must not write what the project's ``ruff check`` then reports, or what its ``ruff
check --fix`` rewrites into something LangChain cannot read (``toolcfg/linter/spelling.py``).
ruff's configuration is read as ``importstyle`` and the line length read it (found as ruff
finds it, ``extend`` merged), leniently: ruff reports its own configuration's errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Mapping, Optional, Tuple

from toolcfg.configfiles import ToolTable
from toolcfg.patterns import PerFileIgnore
from toolcfg.selection import Selection, specificity

#: ruff's own default selection.
RUFF_DEFAULT_SELECT = ("E4", "E7", "E9", "F")
RUFF_DEFAULT_SELECTION = Selection(select=RUFF_DEFAULT_SELECT)


@dataclass(frozen=True)
class RuffRules:
    """The project's ruff selection and per-file ignores, and the one setting of pyupgrade
    that decides where UP045 applies."""

    selection: Selection = RUFF_DEFAULT_SELECTION
    per_file_ignores: Tuple[PerFileIgnore, ...] = ()
    #: ``lint.pyupgrade.keep-runtime-typing``: no ``X | None`` rewrites below Python 3.10.
    keep_runtime_typing: bool = False

    def applies(self, code: str, path: Path) -> bool:
        """Does ruff check ``code`` in ``path``, as the project configures it?"""
        if not self.selection.verdict(code):
            return False
        absolute = os.path.abspath(path)
        return not any(
            specificity(code, entry.codes) is not None and entry.matches(absolute)
            for entry in self.per_file_ignores
        )


#: A project without a ruff configuration: ruff's defaults.
NO_CONFIGURATION = RuffRules()


def ruff_rules(ruff: Optional[ToolTable]) -> RuffRules:
    """The rules of a ruff configuration: ``[lint]`` first, then the deprecated top-level
    keys; per-file-ignores patterns anchored at the configuration's directory."""
    if ruff is None:
        return NO_CONFIGURATION
    table = ruff.table
    found = table.get("lint")
    lint: Mapping[str, Any] = found if isinstance(found, dict) else {}

    def value(key: str) -> Any:
        return lint[key] if key in lint else table.get(key)

    def codes(listed: Any) -> Tuple[str, ...]:
        return tuple(c for c in listed if isinstance(c, str)) if isinstance(listed, list) else ()

    select = value("select")
    base = str(ruff.path.parent)
    ignores: List[PerFileIgnore] = []
    for key in ("per-file-ignores", "extend-per-file-ignores"):
        entries = value(key)
        if isinstance(entries, dict):
            ignores.extend(
                PerFileIgnore(base, pattern, codes(listed)) for pattern, listed in entries.items()
            )
    pyupgrade = value("pyupgrade")
    keep = isinstance(pyupgrade, dict) and pyupgrade.get("keep-runtime-typing") is True
    return RuffRules(
        Selection(
            codes(select) if isinstance(select, list) else RUFF_DEFAULT_SELECT,
            codes(value("extend-select")),
            codes(value("ignore")),
        ),
        tuple(ignores),
        keep,
    )
