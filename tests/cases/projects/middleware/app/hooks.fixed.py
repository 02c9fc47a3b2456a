# expect: TCF051
from typing import Optional

from langchain.agents.middleware import before_model
from langchain_core.runnables import RunnableConfig

from app.llm import llm


@before_model
async def rewrite_last(state, runtime, config: Optional[RunnableConfig] = None):
    rewritten = await llm.ainvoke(state["messages"][-1].content, config=config)
    return {"messages": [rewritten]}
