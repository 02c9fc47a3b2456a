# expect: nothing
# LangGraph node row "RunnableConfig | None works" (no future annotations: the evaluated union is accepted).
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: RunnableConfig | None = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
