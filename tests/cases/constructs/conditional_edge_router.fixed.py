# expect: TCF041
# A router passed to add_conditional_edges runs like a node: a model call in it loses the config the same way.
from typing import Literal

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, MessagesState, StateGraph

from app.llm import llm, router_llm


async def agent(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def route(state: MessagesState, config: RunnableConfig) -> Literal["agent", "__end__"]:
    verdict = await router_llm.ainvoke(f"Is this answered? {state['messages'][-1].content}", config=config)
    return END if "yes" in verdict.content.lower() else "agent"


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
builder.set_entry_point("agent")
builder.add_conditional_edges("agent", route)
graph = builder.compile()
