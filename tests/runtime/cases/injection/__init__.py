"""Callables that report which config LangChain injected into them.

Each returns ``received(config)``: the caller's marker (``configurable.marker``)
when the caller's config reached the parameter, else ``"None"``. The runtime
matrix calls them with ``config={"configurable": {"marker": 42}}``. The cases
are in ``plain.py``, under ``from __future__ import annotations`` in ``future.py``, and
those that need Python 3.10 to evaluate in ``pipe.py`` (docs/facts.md, "How config is
injected").
"""

from langchain_core.messages import AIMessage
from langgraph.graph import END, START, MessagesState, StateGraph


def received(config) -> str:
    """The marker of the caller's config, or "None" when it did not arrive."""
    if not isinstance(config, dict):
        return "None"
    return str(config.get("configurable", {}).get("marker"))


def one_node_graph(node):
    """A compiled graph that runs ``node``, named "node", once."""
    builder = StateGraph(MessagesState)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile()


def answer(config) -> dict:
    """A node's update that carries ``received(config)`` as the last message."""
    return {"messages": [AIMessage(received(config))]}
