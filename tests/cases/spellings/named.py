# expect: TCF001
# @tool("name"): the tool's name given as a positional argument.
from langchain_core.tools import tool

from app.llm import llm


@tool("translate_to_french")
async def translate(text: str) -> str:
    """Translate English text to French."""
    reply = await llm.ainvoke(f"Translate to French: {text}")
    return reply.content
