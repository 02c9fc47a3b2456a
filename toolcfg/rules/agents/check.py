"""The check of ``create_agent(...)`` calls (TCF061): the index finds them, with their
places in bytes, and nothing about the code around them can change the finding, so it
needs no LibCST."""

from __future__ import annotations

from typing import Iterator, Sequence

from toolcfg.index.plans import FilePlan
from toolcfg.linter.context import Context
from toolcfg.linter.findings import Finding, Position
from toolcfg.rules.agents import CREATE_AGENT


def findings(plan: FilePlan, lines: Sequence[str], context: Context) -> Iterator[Finding]:
    rule = CREATE_AGENT
    if not plan.agents or not context.selected(rule.code):
        return
    when = context.bites(rule.condition_of("agent"))
    if when is None:
        return
    for call in plan.agents:
        yield Finding(
            code=rule.code,
            message=rule.message("agent", call=f"{call.text}()", when=when),
            start=_character_position(lines, *call.start),
            end=_character_position(lines, *call.end),
        )


def _character_position(lines: Sequence[str], line: int, byte_column: int) -> Position:
    text = lines[line - 1] if line <= len(lines) else ""
    prefix = text.encode("utf-8")[:byte_column].decode("utf-8", "ignore")
    return Position(line, len(prefix) + 1)
