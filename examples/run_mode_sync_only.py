"""Run mode: a sync node in a graph that is built and run in one function, with sync methods.

``call_model`` is the node of ``construct_graph_sync_node.py``: it calls
``model.invoke`` without forwarding the node's config. There the graph is
exported (``graph = builder.compile()``) and can be run asynchronously, where
Python 3.9/3.10 lose the model's events. Here each function builds its graph
and runs it with ``stream`` or ``invoke``, and the graph never leaves it: a
sync run keeps the config in the context, so nothing is lost, on any version.
"""

from collections.abc import Iterator

from langgraph.graph import END, START, MessagesState, StateGraph

# The chat model; replaced at start-up (or by tests).
model = None


def call_model(state: MessagesState) -> dict:
    reply = model.invoke(state["messages"])
    return {"messages": [reply]}


def stream_answer(question: str) -> Iterator[str]:
    """Stream the answer's tokens, e.g. to a terminal."""
    builder = StateGraph(MessagesState)
    builder.add_node(call_model)
    builder.add_edge(START, "call_model")
    builder.add_edge("call_model", END)
    graph = builder.compile()
    for message, _metadata in graph.stream(
        {"messages": [("user", question)]}, stream_mode="messages"
    ):
        yield message.content


def answer(question: str) -> str:
    """Answer in one go."""
    builder = StateGraph(MessagesState)
    builder.add_node(call_model)
    builder.add_edge(START, "call_model")
    builder.add_edge("call_model", END)
    graph = builder.compile()
    result = graph.invoke({"messages": [("user", question)]})
    return result["messages"][-1].content
