# expect: TCF001
# **kwargs: config goes before it.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, **kwargs) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
