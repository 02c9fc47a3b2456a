# expect: nothing
# LangGraph node row "typing.Optional[RunnableConfig] works" without future annotations.
import typing

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: typing.Optional[RunnableConfig] = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
