# expect: nothing
from typing import Optional

from langchain_core.runnables import RunnableConfig


async def summarize(model, text: str, config: Optional[RunnableConfig] = None) -> str:
    reply = await model.ainvoke(f"Summarise: {text}", config=config)
    return reply.content
