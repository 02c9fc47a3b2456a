# expect: nothing
# RunnableCallable(func=..., afunc=...): the sync twin drops the config, the async one
# forwards it. Async runs call acall_model only, and sync runs keep the config in the
# context, so nothing is lost on any version.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.utils.runnable import RunnableCallable

from app.llm import model


def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [model.invoke(state["messages"])]}


async def acall_model(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [await model.ainvoke(state["messages"], config)]}


builder = StateGraph(MessagesState)
builder.add_node("agent", RunnableCallable(func=call_model, afunc=acall_model, name="agent"))
builder.add_edge(START, "agent")
builder.add_edge("agent", END)
graph = builder.compile()
