"""The rule catalogue: every rule toolcfg reports, gathered from the modules of its family.

A rule's code, name, messages, documentation and the versions where it bites live in one
object (``base.Rule``), defined in the package of its family (``rules/<family>/``) beside
the check that reports it (``rules/<family>/check.py``). Each family module lists its
rules once, in ``RULES``; the catalogue is built from those lists. Importing it does not
import LibCST: the settings, the reporter and ``toolcfg rule`` read it without the checks.
"""

from __future__ import annotations

from typing import Dict, Optional

from toolcfg.registry import TargetKind
from toolcfg.rules import agents, declarations, lambdas, middleware, nodes, noqa, tools
from toolcfg.rules.base import Condition, FixAvailability, Rule
from toolcfg.rules.families import Family

#: The modules of the rule families, in the order the catalogue lists their rules.
MODULES = (tools, lambdas, nodes, middleware, agents, declarations, noqa)

#: The families of x1/x2(/x3) rules, one per group of kinds of config-receiving function.
FAMILIES = (*tools.FAMILIES, *lambdas.FAMILIES, *nodes.FAMILIES, *middleware.FAMILIES)

RULES: Dict[str, Rule] = {rule.code: rule for module in MODULES for rule in module.RULES}

_FAMILY_OF = {kind: family for family in FAMILIES for kind in family.kinds}

#: Every rule but the TCF9 ones, which are opt-in like ruff's RUF100.
DEFAULT_SELECT = ("TCF0", "TCF1")
#: What every code starts with: ruff's "linter" part of a rule code.
PREFIX = "TCF"


def find_rule(code: str) -> Optional[Rule]:
    return RULES.get(code.upper())


def family_of(kind: Optional[TargetKind]) -> Optional[Family]:
    """The family whose rules report on functions of ``kind`` (None for wrap hooks, whose
    calls TCF053 reports, and helpers, which report under the kind they serve)."""
    return None if kind is None else _FAMILY_OF.get(kind)


def is_selector(text: str) -> bool:
    """Does ``text`` (upper case) select a rule, as ``select`` and ``ignore`` read it?
    ``ALL``, or ``TCF`` followed by the start of some rule's number: ``TCF``, ``TCF0``,
    ``TCF00`` and ``TCF001`` do, ``TCF999`` and ``TCF0001`` do not, and neither does ``T``
    (ruff too refuses the start of a linter's prefix, such as ``RU``)."""
    if text == "ALL":
        return True
    return text.startswith(PREFIX) and any(code.startswith(text) for code in RULES)


def is_default(code: str) -> bool:
    return code.startswith(DEFAULT_SELECT)


__all__ = [
    "DEFAULT_SELECT",
    "FAMILIES",
    "MODULES",
    "PREFIX",
    "RULES",
    "Condition",
    "Family",
    "FixAvailability",
    "Rule",
    "family_of",
    "find_rule",
    "is_default",
    "is_selector",
]
