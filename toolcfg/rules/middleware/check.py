"""The check of agent middleware: node hooks (TCF05x) are injected by name like graph
nodes; wrap hooks receive no config, so each runnable call they make, and each call of a
helper that makes one, runs without the caller's (TCF053)."""

from __future__ import annotations

from typing import Iterator

from toolcfg.linter import calls
from toolcfg.linter.fixes import called_name
from toolcfg.linter.target import Check, Problem, Target, describe
from toolcfg.rules.lambdas.check import by_name
from toolcfg.rules.middleware import HOOK, WRAP_HOOK_CALL, WRAP_HOOKS


def wrap_hook(target: Target) -> Iterator[Problem]:
    runnable, helper_calls = target.call_sites
    subject = target.subject
    for call in runnable:
        argument = calls.config_argument(call)
        if argument is None or calls.is_empty_config(argument.value):
            fields = {"call": describe(call), "subject": subject}
            yield Problem(WRAP_HOOK_CALL, "dropped", fields, called_name(call), call, target.source)
    for call, info in helper_calls:
        fields = {"call": info.name, "subject": subject}
        yield Problem(WRAP_HOOK_CALL, "dropped", fields, called_name(call), call, target.source)


CHECKS = (
    Check(HOOK.kinds, by_name(HOOK, annotations=False)),
    Check(WRAP_HOOKS, wrap_hook),
)
