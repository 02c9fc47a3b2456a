# expect: TCF105
# LangGraph node row "future annotations: config: lcr.RunnableConfig fails outright": the fix writes RunnableConfig and imports it.
from __future__ import annotations

import langchain_core.runnables as lcr
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
