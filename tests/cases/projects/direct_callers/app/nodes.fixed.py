# expect: TCF041
from typing import Optional

from langchain_core.runnables import RunnableConfig

from app.llm import llm


async def call_model(state, config: Optional[RunnableConfig] = None):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}
