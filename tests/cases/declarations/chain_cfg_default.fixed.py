# expect: TCF104
# @chain row "a parameter named cfg gets nothing", with Optional and a default: renamed, annotation and default kept.
from typing import Optional

from langchain_core.runnables import RunnableConfig, chain

from app.llm import llm


@chain
async def rewrite(question: str, config: Optional[RunnableConfig] = None) -> str:
    return (await llm.ainvoke(f"Rewrite: {question}", config=config)).content
