"""Decorator spelling: bare ``@tool``."""

from langchain_core.tools import tool

# The chat model; replaced at start-up (or by tests).
model = None


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await model.ainvoke(question)
    return reply.content
