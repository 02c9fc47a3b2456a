# expect: nothing
# RunnableLambda row "keyword-only works", with no annotation at all.
from langchain_core.runnables import RunnableLambda

from app.llm import llm


async def rewrite(question: str, *, config) -> str:
    return (await llm.ainvoke(f"Rewrite: {question}", config=config)).content


rewriter = RunnableLambda(rewrite)
