# expect: TCF105
# LangGraph node row "config: dict fails" where RunnableConfig is imported only under TYPE_CHECKING: the fix must import it at run time.
from typing import TYPE_CHECKING

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


def tags_of(config: "RunnableConfig") -> list:
    return config.get("tags", [])


async def agent(state: State, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
