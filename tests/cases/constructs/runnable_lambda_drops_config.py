# expect: TCF032
# A RunnableLambda that takes its config but calls the model without it.
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm


async def rewrite(question: str, config: RunnableConfig) -> str:
    reply = await llm.ainvoke(f"Rewrite: {question}")
    return reply.content


rewriter = RunnableLambda(rewrite)
