# expect: TCF102
# Tool row "config: dict" spelled Any, forwarded as the second positional argument.
from typing import Any

from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: Any) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config)
    return reply.content
