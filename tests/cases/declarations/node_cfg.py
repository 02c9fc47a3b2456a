# expect: TCF104
# LangGraph node row "a parameter with another name (cfg) gets nothing": renamed, with its uses.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, cfg: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=cfg)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
