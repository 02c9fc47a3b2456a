# expect: nothing
from langchain_core.runnables import RunnableConfig
from typing import Optional

async def summarize_page(model, text, config: Optional[RunnableConfig] = None):
    reply = await model.ainvoke(f"Summarise: {text}", config=config)
    return reply.content
