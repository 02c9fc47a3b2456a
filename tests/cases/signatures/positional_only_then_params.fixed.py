# expect: TCF001
# Positional-only parameters followed by ordinary ones.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def translate(text: str, /, language: str, config: RunnableConfig) -> str:
    """Translate a text."""
    reply = await llm.ainvoke(f"Translate to {language}: {text}", config=config)
    return reply.content
