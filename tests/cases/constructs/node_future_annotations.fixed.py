# expect: TCF041
# from __future__ import annotations, RunnableConfig imported under an alias: the fix
# writes the bare name RunnableConfig and imports it at run time.
from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.runnables import RunnableConfig as RC
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


def thread_of(config: RC) -> str:
    return config["configurable"]["thread_id"]


async def respond(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("respond", respond)
