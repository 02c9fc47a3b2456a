"""The check of LangGraph nodes, routers and ``@entrypoint`` functions (TCF04x): injected by
the name ``config`` like lambdas, and only with an annotation LangGraph accepts (TCF105).

A node written as an async generator is the exception: LangGraph runs it as langchain-core's
``RunnableLambda`` (``coerce_to_runnable``), which injects ``config`` by name whatever its
annotation and loses it only as lambdas do (docs/facts.md, "Async-generator nodes changed
with langchain-core 1.4.8").
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from toolcfg import registry
from toolcfg.linter.facts import is_async_generator
from toolcfg.linter.target import Check, Problem, Target
from toolcfg.rules.lambdas.check import by_name
from toolcfg.rules.nodes import ASYNC_GENERATOR, NODE

_NODE = by_name(NODE, annotations=True)
_GENERATOR = by_name(NODE, annotations=False)


def decide(target: Target) -> Iterator[Problem]:
    if target.kind is not registry.GRAPH_NODE or not is_async_generator(target.node):
        yield from _NODE(target)
        return
    for problem in _GENERATOR(target):
        if problem.rule in NODE.rules:
            subject = problem.fields.get("subject")
            fields = dict(problem.fields)
            if subject is not None:
                fields["subject"] = f"{subject} (an async generator)"
            problem = dataclasses.replace(problem, fields=fields, qualifier=ASYNC_GENERATOR)
        yield problem


CHECKS = (Check(NODE.kinds, decide),)
