# expect: TCF051
from langchain.agents.middleware import before_model

from app.llm import llm
from langchain_core.runnables import RunnableConfig
from typing import Optional


@before_model
async def rewrite_last(state, runtime, config: Optional[RunnableConfig] = None):
    rewritten = await llm.ainvoke(state["messages"][-1].content, config=config)
    return {"messages": [rewritten]}
