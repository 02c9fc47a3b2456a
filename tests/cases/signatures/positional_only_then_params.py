# expect: TCF001
# Positional-only parameters followed by ordinary ones.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def translate(text: str, /, language: str) -> str:
    """Translate a text."""
    reply = await llm.ainvoke(f"Translate to {language}: {text}")
    return reply.content
