"""The check of LangGraph nodes, routers and ``@entrypoint`` functions (TCF04x): injected by
the name ``config`` like lambdas, and only with an annotation LangGraph accepts (TCF105);
and an entrypoint's calls of ``@task`` functions, which the index finds (TCF044).

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
from toolcfg.rules.nodes import ASYNC_GENERATOR, ENTRYPOINT_TASK, NODE
from toolcfg.rules.recognised import alternatives

_NODE = by_name(NODE, annotations=True)
_GENERATOR = by_name(NODE, annotations=False)


def task_calls(target: Target) -> Iterator[Problem]:
    """An entrypoint that calls tasks, once, at its name: no fix, since no config it
    passes reaches the task."""
    tasks = target.planned.task_calls
    if target.kind is not registry.ENTRYPOINT or not tasks:
        return
    names = list(dict.fromkeys(f"`{task.name}`" for task in tasks))
    calls = f"the task{'s' if len(names) > 1 else ''} {alternatives(names, 'and')}"
    fields = {"calls": calls, "subject": target.subject}
    name = target.node.name
    yield Problem(ENTRYPOINT_TASK, "task", fields, name, name, target.source)


def decide(target: Target) -> Iterator[Problem]:
    yield from _by_name(target)
    yield from task_calls(target)


def _by_name(target: Target) -> Iterator[Problem]:
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
