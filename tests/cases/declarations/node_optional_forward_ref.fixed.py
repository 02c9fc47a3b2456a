# expect: TCF105
# LangGraph node row "Optional[RunnableConfig]" with a quoted inner name: Optional[ForwardRef] is not on LangGraph's list.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: Optional[RunnableConfig] = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
