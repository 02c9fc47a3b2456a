"""The graph's nodes: a planner that calls the model, and one that summarises."""

from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState

from .helpers import get_model, summarize_messages


async def planner_node(state: MessagesState, config: RunnableConfig) -> dict:
    """Ask the model what to look up, and plan one call of the docs tool with it."""
    plan = await get_model().ainvoke(state["messages"], config=config)
    call = {"name": "search_docs", "args": {"query": plan.content}, "id": "plan-1"}
    return {"messages": [AIMessage(content=plan.content, tool_calls=[call])]}


async def summarize_node(state: MessagesState, config: RunnableConfig) -> dict:
    summary = await summarize_messages(state["messages"], config=config)
    return {"messages": [summary]}
