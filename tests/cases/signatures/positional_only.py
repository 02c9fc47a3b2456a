# expect: TCF001
# A positional-only marker / ends the list: config goes after it.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, /) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
