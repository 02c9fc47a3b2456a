# expect: nothing
# Agno's @tool decorator.
from agno.tools import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
