"""The check of LangGraph nodes, routers and ``@entrypoint`` functions (TCF04x): injected by
the name ``config`` like lambdas, and only with an annotation LangGraph accepts (TCF105);
and an entrypoint's calls of ``@task`` functions, which the index finds (TCF044)."""

from __future__ import annotations

from typing import Iterator

from toolcfg import registry
from toolcfg.linter.target import Check, Problem, Target
from toolcfg.rules.lambdas.check import by_name
from toolcfg.rules.nodes import ENTRYPOINT_TASK, NODE
from toolcfg.rules.recognised import alternatives

_BY_NAME = by_name(NODE, annotations=True)


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
    yield from _BY_NAME(target)
    yield from task_calls(target)


CHECKS = (Check(NODE.kinds, decide),)
