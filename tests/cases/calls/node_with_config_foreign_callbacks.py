# expect: TCF042
# Callbacks that are not the node's own (another config's) do not carry its events.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm
from app.settings import DEFAULT_CONFIG


async def agent(state: MessagesState, config: RunnableConfig) -> dict:
    model = llm.with_config(callbacks=DEFAULT_CONFIG.get("callbacks"))
    return {"messages": [await model.ainvoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
