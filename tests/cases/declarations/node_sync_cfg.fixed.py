# expect: TCF104
# LangGraph node row "async or sync": a sync node with cfg: RunnableConfig gets nothing either.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


def agent(state: State, config: RunnableConfig) -> dict:
    return {"messages": [llm.invoke(state["messages"], config)]}


builder = StateGraph(State)
builder.add_node(agent)
