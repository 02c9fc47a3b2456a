"""The check of ``RunnableLambda`` and ``@chain`` functions (TCF03x), and the shape every
family injected by the name ``config`` shares: its declarations (TCF104), then whether it
passes the config on, building on a rename TCF104's fix makes."""

from __future__ import annotations

from typing import Callable, Iterator

from toolcfg.linter import forwarding
from toolcfg.linter.receiving import BY_NAME
from toolcfg.linter.target import Check, Problem, Target
from toolcfg.rules.declarations import check as declarations
from toolcfg.rules.families import Family
from toolcfg.rules.lambdas import LAMBDA


def by_name(family: Family, annotations: bool) -> Callable[[Target], Iterator[Problem]]:
    """The decision of a family injected by name; ``annotations``: LangGraph also reads
    the parameter's annotation (TCF105)."""

    def decide(target: Target) -> Iterator[Problem]:
        declared = list(declarations.by_name(target, annotations))
        if target.can_lose_config:
            rename = declarations.renaming(declared)
            yield from forwarding.decide(target, family, BY_NAME, rename).problems
        yield from declared

    return decide


CHECKS = (Check(LAMBDA.kinds, by_name(LAMBDA, annotations=False)),)
