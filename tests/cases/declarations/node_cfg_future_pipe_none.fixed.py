# expect: TCF104
# LangGraph node rows "another name gets nothing" and "future annotations: RunnableConfig | None = None injects nothing": rename and re-annotate, default kept.
from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: RunnableConfig = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
