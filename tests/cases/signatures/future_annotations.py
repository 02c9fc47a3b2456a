# expect: TCF001
# from __future__ import annotations: the added import goes after it, at run time.
from __future__ import annotations

from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
