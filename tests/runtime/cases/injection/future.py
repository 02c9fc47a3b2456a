"""Injection cases under ``from __future__ import annotations``.

Annotations are strings here. Tools resolve them with ``typing.get_type_hints``;
LangGraph matches a node's annotation by its text, so some spellings that work
without the future import inject nothing here.
"""

# The annotations are what is measured: keep them as users write them.
# ruff: noqa: UP045

from __future__ import annotations

import typing
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from . import answer, one_node_graph, received


@tool
async def tool_annotated(question: str, config: RunnableConfig) -> str:
    """Report the config received."""
    return received(config)


async def _node_annotated(state, config: RunnableConfig):
    return answer(config)


async def _node_optional(state, config: Optional[RunnableConfig] = None):
    return answer(config)


async def _node_typing_optional(state, config: typing.Optional[RunnableConfig] = None):
    return answer(config)


async def _node_union_none(state, config: RunnableConfig | None = None):
    return answer(config)


node_annotated = one_node_graph(_node_annotated)
node_optional = one_node_graph(_node_optional)
node_typing_optional = one_node_graph(_node_typing_optional)
node_union_none = one_node_graph(_node_union_none)
