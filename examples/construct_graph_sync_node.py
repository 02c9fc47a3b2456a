"""Construct: a sync LangGraph node registered with ``add_node(fn)``.

The node calls ``model.invoke`` without forwarding the node's config. LangGraph
runs sync nodes in a thread when the graph is streamed asynchronously, and on
Python 3.9/3.10 the model's message chunks are lost (toolcfg reports TCF041).
"""

from langgraph.graph import END, START, MessagesState, StateGraph

# The chat model; replaced at start-up (or by tests).
model = None


def call_model(state: MessagesState) -> dict:
    reply = model.invoke(state["messages"])
    return {"messages": [reply]}


builder = StateGraph(MessagesState)
builder.add_node(call_model)
builder.add_edge(START, "call_model")
builder.add_edge("call_model", END)
graph = builder.compile()
