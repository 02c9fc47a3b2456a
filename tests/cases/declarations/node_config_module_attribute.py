# expect: nothing
# LangGraph node row "lcr.RunnableConfig" without future annotations: evaluated to the class, so it works.
import langchain_core.runnables as lcr
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: lcr.RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
