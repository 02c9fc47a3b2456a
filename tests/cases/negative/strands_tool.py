# expect: nothing
# Strands' @tool decorator.
from strands import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
