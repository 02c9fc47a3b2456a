"""Injection cases that Python 3.10 evaluates: ``X | None`` without the future import.

What a fix writes for a node that keeps a default, from Python 3.10 without future
annotations (toolcfg/linter/spelling.py): LangGraph sees the type, equal to
``Optional[RunnableConfig]``, and injects it as it injects that (not langgraph 0.6.0).
"""

from langchain_core.runnables import RunnableConfig

from . import answer, one_node_graph


async def _node_pipe_none(state, config: RunnableConfig | None = None):
    return answer(config)


node_pipe_none = one_node_graph(_node_pipe_none)
