# expect: TCF041
from app.llm import llm
from langchain_core.runnables import RunnableConfig
from typing import Optional


async def call_model(state, config: Optional[RunnableConfig] = None):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}
