# expect: TCF101
# On Python 3.11+ the config reaches inner calls by itself and tasks run async: the forwarding rules and TCF044 are silent, but an Optional config is never injected anywhere.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool
from langgraph.func import entrypoint, task
from langgraph.graph import StateGraph

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await llm.ainvoke(question)).content


@tool
async def search(query: str, config: Optional[RunnableConfig] = None) -> str:
    """Search the web."""
    return (await llm.ainvoke(query)).content


async def agent(state):
    return {"messages": [await llm.ainvoke(state["messages"])]}


builder = StateGraph(dict)
builder.add_node("agent", agent)


@task
async def polish(draft: str) -> str:
    return (await llm.ainvoke(f"Polish this answer: {draft}")).content


@entrypoint()
async def answer(question: str) -> str:
    return await polish(question)
