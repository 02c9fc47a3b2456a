# expect: nothing
from langchain_core.runnables import RunnableConfig


async def summarize(model, text: str, config: RunnableConfig | None = None) -> str:
    reply = await model.ainvoke(f"Summarise: {text}", config=config)
    return reply.content
