# expect: TCF105
# LangGraph node row "future annotations: typing.Optional[RunnableConfig] = None injects nothing".
from __future__ import annotations

import typing
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def agent(state: State, config: Optional[RunnableConfig] = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("agent", agent)
