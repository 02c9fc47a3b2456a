# expect: nothing
# smolagents' @tool decorator.
from smolagents import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question.

    Args:
        question: The question to answer.
    """
    reply = await llm.ainvoke(question)
    return reply.content
