# expect: nothing
# `tool` comes from the package's own module: from .tools import tool.
from .llm import llm
from .tools import tool


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
