# expect: nothing
# RunnableLambda row "found by the name config; annotation and Optional do not matter".
from typing import Optional

from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm


async def rewrite(question: str, config: Optional[RunnableConfig] = None) -> str:
    return (await llm.ainvoke(f"Rewrite: {question}", config=config)).content


rewriter = RunnableLambda(rewrite)
