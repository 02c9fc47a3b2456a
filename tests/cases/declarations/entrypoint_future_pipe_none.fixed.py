# expect: TCF105
# @entrypoint row "future annotations: RunnableConfig | None = None injects nothing".
from __future__ import annotations

from typing import Optional

from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint()
async def workflow(question: str, *, config: Optional[RunnableConfig] = None) -> str:
    return (await llm.ainvoke(question, config=config)).content
