# expect: TCF041
# LangGraph node row "**kwargs gets nothing": the forwarding rule adds config before **kwargs.
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, **kwargs) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"])]}


builder = StateGraph(State)
builder.add_node("agent", agent)
