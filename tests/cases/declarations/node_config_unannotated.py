# expect: nothing
# LangGraph node row "unannotated config works".
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
