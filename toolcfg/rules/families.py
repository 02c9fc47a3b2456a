"""The shape every family of config-receiving functions shares: a rule for a function that
takes no config (``x1``), one for a call that does not pass it on (``x2``) and, for tools,
one for a call that passes the config the tool was called with (``x3``).

Each family module fills in what differs: which kinds of function (what LangChain
recognises is written from the registration table), how LangChain injects the config,
where the loss was measured, and examples. Its ``check.py`` decides, beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from toolcfg.registry import TargetKind
from toolcfg.rules.base import (
    FOREIGN,
    FORWARDING,
    HELPERS,
    HOW_LOST,
    NO_FIX_REBOUND,
    SIGNATURE,
    Condition,
    FixAvailability,
    Rule,
    bullets,
    paragraphs,
    wrap,
)
from toolcfg.rules.recognised import HANDED_OVER, hands_over, recognised


@dataclass(frozen=True)
class Family:
    """The rules of one kind of config-receiving function."""

    missing: Rule
    dropped: Rule
    #: Tools only: forwarding the config the tool was called with files inner runs beside it.
    nesting: Optional[Rule] = None
    #: The kinds of function (``registry``) whose functions these rules decide.
    kinds: Tuple[TargetKind, ...] = ()

    @property
    def rules(self) -> Tuple[Rule, ...]:
        return (self.missing, self.dropped, *((self.nesting,) if self.nesting else ()))


MISSING_MESSAGES = {
    "missing": "{subject} takes no {parameter} parameter, so {calls} the caller's config{when}",
}
DROPPED_MESSAGES = {
    "dropped": "`{call}` does not forward `{config}` in {subject}{when}",
    "foreign": "`{call}` passes a config that is not built from `{config}` in {subject}{when}",
    "helper": "`{helper}` drops the config{when}: it calls `{inner}` without one",
    "helper-not-passed": "`{helper}` is called without `{config}` in {subject}, so `{inner}` "
    "in it runs without the caller's config{when}",
    "helper-foreign": "`{helper}` is passed a config that is not built from `{config}` in "
    "{subject}, so `{inner}` in it runs without the caller's config{when}",
}


@dataclass(frozen=True)
class FamilyText:
    """What one family's documentation says about its functions."""

    prefix: str  # "TCF00": the rules are prefix + "1", "2" (and "3")
    slug: str
    noun: str  # one of them, for the one-line summaries
    targets: str  # which functions, as a noun phrase
    kinds: Tuple[TargetKind, ...]  # recognised as the registration table says
    injection: str  # how LangChain hands the config over, and what the fix writes
    versions: str  # where the loss was measured
    #: Whole modules, as toolcfg checks them: one that takes no config (``x1``), one that
    #: takes it and passes it on nowhere (``x2``), and the fixed one for both.
    example: str
    unforwarded: str
    fixed: str
    condition: Condition
    missing_fix_availability: FixAvailability = FixAvailability.SOMETIMES
    missing_fix_notes: str = ""
    forward_expression: str = "config"
    #: What the registration table cannot say about which functions count.
    recognised_notes: str = ""


def family(text: FamilyText, nesting: Optional[Rule] = None) -> Family:
    why = paragraphs(HOW_LOST, text.versions)
    missing = Rule(
        code=f"{text.prefix}1",
        name=f"{text.slug}-missing-config",
        summary=f"{text.noun[0].upper()}{text.noun[1:]} calls runnables but takes no config",
        messages=MISSING_MESSAGES,
        what=paragraphs(
            wrap(
                f"Checks for {text.targets} that call a runnable (`.ainvoke`, `.astream`, "
                "`.astream_events`, `.abatch`, `.invoke`, ...), directly or through a "
                "project function that does, but take no config. Recognised:"
            ),
            recognition(text.kinds, text.recognised_notes),
        ),
        why=why,
        example=text.example,
        use_instead=text.fixed,
        fix_safety=paragraphs(text.injection, SIGNATURE, HELPERS, FOREIGN, text.missing_fix_notes),
        fix_availability=text.missing_fix_availability,
        fix_title="Add a config parameter and forward it",
        condition=text.condition,
    )
    dropped = Rule(
        code=f"{text.prefix}2",
        name=f"{text.slug}-config-not-forwarded",
        summary=f"A runnable call in {text.noun} does not pass its config on",
        messages=DROPPED_MESSAGES,
        what=paragraphs(
            wrap(
                f"Checks for runnable calls inside {text.targets} that receive a config but "
                "do not pass it on, or pass an unrelated config instead."
            ),
            FORWARDING,
        ),
        why=why,
        example=text.unforwarded,
        use_instead=text.fixed,
        fix_safety=paragraphs(
            f"Adding `config={text.forward_expression}` to a call that passed no config is "
            "safe. An existing `.with_config(...)` on the receiver is kept: LangChain merges "
            "its tags (such as `nostream`) with the forwarded config.",
            FOREIGN,
            HELPERS,
            NO_FIX_REBOUND,
        ),
        fix_availability=FixAvailability.SOMETIMES,
        fix_title=f"Pass `config={text.forward_expression}`",
        condition=text.condition,
    )
    return Family(missing, dropped, nesting, text.kinds)


def recognition(kinds: Tuple[TargetKind, ...], notes: str = "") -> str:
    """What the documentation lists as recognised: a line per registration of ``kinds``,
    what the index follows wherever a function is handed over (``fn``), and ``notes``."""
    handed = wrap(f"{HANDED_OVER}.") if hands_over(kinds) else ""
    return paragraphs(bullets(recognised(kinds)), handed, wrap(notes))
