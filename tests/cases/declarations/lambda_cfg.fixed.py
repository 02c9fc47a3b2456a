# expect: TCF104
# RunnableLambda row "a parameter named cfg gets nothing": renamed to config, with its uses.
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm


async def rewrite(question: str, config: RunnableConfig) -> str:
    tags = config.get("tags", [])
    reply = await llm.ainvoke(f"Rewrite {tags}: {question}", config=config)
    return reply.content


rewriter = RunnableLambda(rewrite)
