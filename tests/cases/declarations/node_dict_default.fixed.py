# expect: TCF105
# LangGraph node row "config: dict = None gets nothing": RunnableConfig, default kept.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: Optional[RunnableConfig] = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
