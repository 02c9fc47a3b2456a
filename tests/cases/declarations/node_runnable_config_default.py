# expect: TCF104
# LangGraph node row "another name (runnable_config), even with a default, gets nothing": renamed, default kept.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, runnable_config: Optional[RunnableConfig] = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=runnable_config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
