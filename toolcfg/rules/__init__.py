"""The rule catalogue: every rule toolcfg reports, from the module of its family.

A rule's code, name, messages, documentation and the versions where it bites live in one
object (``base.Rule``), defined beside the other rules of its family. Adding a rule means
adding it to its family module and listing it here; ``tests/test_rules.py`` checks that
every code the analysis can emit is in this catalogue and that every rule has a case.
"""

from __future__ import annotations

from typing import Dict, Optional

from toolcfg.rules import agents, declarations, lambdas, middleware, nodes, noqa, tools
from toolcfg.rules.base import Condition, FixAvailability, Rule
from toolcfg.rules.families import Family

FAMILIES = (
    tools.TOOL,
    tools.TOOL_COROUTINE,
    tools.BASE_TOOL,
    lambdas.LAMBDA,
    nodes.NODE,
    middleware.HOOK,
)

RULES: Dict[str, Rule] = {
    rule.code: rule
    for rule in (
        *(
            rule
            for family in FAMILIES
            for rule in (family.missing, family.dropped, family.nesting)
            if rule is not None
        ),
        middleware.WRAP_HOOK_CALL,
        agents.CREATE_AGENT,
        declarations.NOT_INJECTABLE,
        declarations.UNTYPED,
        declarations.TYPE_CHECKING_IMPORT,
        declarations.MISNAMED,
        declarations.NODE_ANNOTATION,
        noqa.UNUSED_NOQA,
    )
}

#: Every rule but the TCF9 ones, which are opt-in like ruff's RUF100.
DEFAULT_SELECT = ("TCF0", "TCF1")
#: What every code starts with: ruff's "linter" part of a rule code.
PREFIX = "TCF"


def find_rule(code: str) -> Optional[Rule]:
    return RULES.get(code.upper())


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
    "PREFIX",
    "RULES",
    "Condition",
    "Family",
    "FixAvailability",
    "Rule",
    "find_rule",
    "is_default",
    "is_selector",
]
