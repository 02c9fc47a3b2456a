"""Construct: ``RunnableCallable(call_model, acall_model)`` registered as a node.

LangGraph's own agents build their model node this way: a sync function for
sync runs and an async twin for async ones. ``RunnableCallable`` reads the
parameters of the sync function to inject the config, so both take ``config``;
the sync one does not forward it. Async runs call ``acall_model`` only, and
sync runs keep the config in the context, so nothing is lost, on any version.
"""

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.utils.runnable import RunnableCallable

# The chat model; replaced at start-up (or by tests).
model = None


def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    reply = model.invoke(state["messages"])
    return {"messages": [reply]}


async def acall_model(state: MessagesState, config: RunnableConfig) -> dict:
    reply = await model.ainvoke(state["messages"], config)
    return {"messages": [reply]}


builder = StateGraph(MessagesState)
builder.add_node("agent", RunnableCallable(call_model, acall_model))
builder.add_edge(START, "agent")
builder.add_edge("agent", END)
graph = builder.compile()
