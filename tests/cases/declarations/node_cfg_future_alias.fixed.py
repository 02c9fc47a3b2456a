# expect: TCF104
# LangGraph node rows "another name (cfg) gets nothing" and "future annotations: write the literal RunnableConfig, not an alias": rename and re-annotate.
from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.runnables import RunnableConfig as RC
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
