"""The catalogue as a list: ``toolcfg rule --all`` prints it as text, and the README's rule
tables are its Markdown form, written from the rules and the registration table, so that
the README says what the code does (``tests/test_rules.py`` holds it to that).
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

from toolcfg import registry
from toolcfg.registry import REGISTRATIONS, Form, Registration, TargetKind
from toolcfg.rules import RULES, family_of, middleware
from toolcfg.rules.base import ALWAYS, FixAvailability, Rule
from toolcfg.rules.recognised import HANDED_OVER, alternatives, bases, spellings


def text() -> List[str]:
    """A line per rule: its code, name and summary."""
    width = max(len(rule.name) for rule in RULES.values())
    return [f"{rule.code}  {rule.name:<{width}}  {rule.summary}" for rule in RULES.values()]


def markdown() -> str:
    """A table of the rules, then one of what each kind of function is registered by."""
    rules = [
        (rule.code, rule.name, rule.summary, _bites(rule), _fix(rule)) for rule in RULES.values()
    ]
    kinds = [
        (kind.label, ", ".join(rule.code for rule in _rules_of(kind)), _registered(kind))
        for kind in registry.KINDS
        if kind is not registry.HELPER
    ]
    return "\n".join(
        [
            *_table(("code", "name", "finds", "bites on", "fix"), rules),
            "",
            *_table(("function", "rules", "registered by"), kinds),
            "",
            f"{HANDED_OVER}.",
        ]
    )


def _rules_of(kind: TargetKind) -> Tuple[Rule, ...]:
    family = family_of(kind)
    if family is not None:
        return family.rules
    return (middleware.WRAP_HOOK_CALL,) if kind in middleware.WRAP_HOOKS else ()


def _bites(rule: Rule) -> str:
    """``Python < 3.11 with langchain-core < 1.4.8``; ``always``; or per variant."""
    conditions = {rule.condition, *rule.variant_conditions.values()}
    if len(conditions) == 1:
        return "always" if rule.condition == ALWAYS else rule.condition.describe()
    return "; ".join(f"{variant}: {_condition(rule, variant)}" for variant in rule.messages)


def _condition(rule: Rule, variant: str) -> str:
    condition = rule.condition_of(variant)
    return "always" if condition == ALWAYS else condition.describe()


def _fix(rule: Rule) -> str:
    if rule.fix_availability is FixAvailability.NONE or rule.fix_title is None:
        return "none"
    sometimes = " (sometimes)" if rule.fix_availability is FixAvailability.SOMETIMES else ""
    return rule.fix_title + sometimes


def _registered(kind: TargetKind) -> str:
    return "; ".join(_briefly(row) for row in REGISTRATIONS if row.kind is kind)


def _briefly(row: Registration) -> str:
    if row.form is Form.SUBCLASS:
        methods = alternatives([f"`{method}`" for method in row.methods], "and")
        return f"{methods} of subclasses of {bases(row)}"
    shown = alternatives([f"`{spelling}`" for spelling in spellings(row)])
    if row.form is Form.METHOD:
        return f"{shown} in a module that imports `{row.requires}`"
    return shown


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    lines = [_row(header), _row(["---"] * len(header))]
    lines.extend(_row(row) for row in rows)
    return lines


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
