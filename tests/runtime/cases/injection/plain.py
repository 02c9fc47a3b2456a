"""Injection cases without ``from __future__ import annotations``.

Tools find the config by the annotation ``RunnableConfig`` (any name);
RunnableLambdas and LangGraph nodes by the parameter name ``config`` (any
annotation).
"""

# The annotations are what is measured: keep them as users write them.
# ruff: noqa: FA100, RUF013

from typing import Any, Dict, Optional

from langchain_core.runnables import RunnableConfig, RunnableLambda
from langchain_core.tools import tool

from . import answer, one_node_graph, received


@tool
async def tool_annotated(question: str, config: RunnableConfig) -> str:
    """Report the config received."""
    return received(config)


@tool
async def tool_other_name(question: str, cfg: RunnableConfig) -> str:
    """Report the config received."""
    return received(cfg)


@tool
async def tool_optional(question: str, config: Optional[RunnableConfig] = None) -> str:
    """Report the config received."""
    return received(config)


@tool
async def tool_default_none(question: str, config: RunnableConfig = None) -> str:
    """Report the config received."""
    return received(config)


async def _by_name(question, config):
    return received(config)


async def _other_name(question, cfg=None):
    return received(cfg)


async def _keyword_only(question, *, config=None):
    return received(config)


lambda_by_name = RunnableLambda(_by_name)
lambda_other_name = RunnableLambda(_other_name)
lambda_keyword_only = RunnableLambda(_keyword_only)


async def _node_unannotated(state, config):
    return answer(config)


async def _node_optional(state, config: Optional[RunnableConfig] = None):
    return answer(config)


async def _node_default_none(state, config: RunnableConfig = None):
    return answer(config)


async def _node_other_name(state, cfg: Optional[RunnableConfig] = None):
    return answer(cfg)


async def _node_dict_default(state, config: Dict[str, Any] = None):
    return answer(config)


async def _node_dict(state, config: Dict[str, Any]):
    return answer(config)


node_unannotated = one_node_graph(_node_unannotated)
node_optional = one_node_graph(_node_optional)
node_default_none = one_node_graph(_node_default_none)
node_other_name = one_node_graph(_node_other_name)
node_dict_default = one_node_graph(_node_dict_default)
node_dict = one_node_graph(_node_dict)
