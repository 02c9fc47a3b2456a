# expect: nothing
from typing import Optional

from langchain_core.runnables import RunnableConfig


async def summarize_page(model, text, config: Optional[RunnableConfig] = None):
    reply = await model.ainvoke(f"Summarise: {text}", config=config)
    return reply.content
