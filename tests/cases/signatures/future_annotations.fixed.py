# expect: TCF001
# from __future__ import annotations: the added import goes after it, at run time.
from __future__ import annotations

from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
