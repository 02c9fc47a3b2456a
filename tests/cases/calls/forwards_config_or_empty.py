# expect: nothing
# Forwards the config (no TCF042): `config or {}`, alone and spread into a dict of its own,
# and `config | {...}`, the dict union.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm


async def answer(state: dict, config: Optional[RunnableConfig] = None) -> dict:
    reply = await llm.ainvoke(state["messages"], config or {})
    tagged = await llm.ainvoke(
        state["messages"], config={**(config or {}), "tags": ["answer"]}
    )
    named = await llm.ainvoke(state["messages"], config | {"run_name": "answer"})
    return {"messages": [reply, tagged, named]}


builder = StateGraph(dict)
builder.add_node("answer", answer)
