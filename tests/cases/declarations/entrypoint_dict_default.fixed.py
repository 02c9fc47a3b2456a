# expect: TCF105
# @entrypoint row "config: dict = None gets nothing".
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint()
async def workflow(question: str, *, config: Optional[RunnableConfig] = None) -> str:
    return (await llm.ainvoke(question, config=config)).content
