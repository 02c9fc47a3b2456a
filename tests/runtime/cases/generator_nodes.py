"""LangGraph nodes written as generators, which call the chat model without config.

LangGraph's ``coerce_to_runnable`` wraps an async generator function (or an
object whose ``__call__`` is one) and a sync generator function in langchain-core's
``RunnableLambda``, not in its own ``RunnableCallable`` as it does other
functions; so whether such a node loses the model's events follows the rules
of RunnableLambda, not those of nodes (docs/facts.md, "Generator nodes").

Each graph has one node, named "node", and streams the model's reply as the
chunks the node yields. ``forwarding`` passes its config on, as a control;
``dict_config`` too, through a ``config: Dict[str, Any]`` that LangGraph's own
nodes do not accept from langgraph 0.6.0 on, but a ``RunnableLambda`` does.
"""

# The annotations are what is measured: keep them as users write them.
# ruff: noqa: UP006, RUF013

from typing import Any, Dict

from langgraph.graph import END, START, MessagesState, StateGraph

# The chat model; replaced by the probe.
model = None


def one_node_graph(node):
    builder = StateGraph(MessagesState)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile()


async def _astream_node(state):
    async for chunk in model.astream(state["messages"]):
        yield {"messages": [chunk]}


async def _ainvoke_node(state):
    yield {"messages": [await model.ainvoke(state["messages"])]}


async def _forwarding_node(state, config):
    async for chunk in model.astream(state["messages"], config=config):
        yield {"messages": [chunk]}


async def _dict_config_node(state, config: Dict[str, Any] = None):
    async for chunk in model.astream(state["messages"], config=config):
        yield {"messages": [chunk]}


class _Streamer:
    """A callable instance whose ``__call__`` is an async generator."""

    async def __call__(self, state):
        async for chunk in model.astream(state["messages"]):
            yield {"messages": [chunk]}


def _sync_stream_node(state):
    for chunk in model.stream(state["messages"]):
        yield {"messages": [chunk]}


astream_node = one_node_graph(_astream_node)
ainvoke_node = one_node_graph(_ainvoke_node)
forwarding_node = one_node_graph(_forwarding_node)
dict_config_node = one_node_graph(_dict_config_node)
callable_node = one_node_graph(_Streamer())
sync_stream_node = one_node_graph(_sync_stream_node)
