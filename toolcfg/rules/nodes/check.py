"""The check of LangGraph nodes, routers and ``@entrypoint`` functions (TCF04x): injected by
the name ``config`` like lambdas, and only with an annotation LangGraph accepts (TCF105)."""

from __future__ import annotations

from toolcfg.linter.target import Check
from toolcfg.rules.lambdas.check import by_name
from toolcfg.rules.nodes import NODE

CHECKS = (Check(NODE.kinds, by_name(NODE, annotations=True)),)
