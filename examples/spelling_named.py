"""Decorator spelling: ``@tool("name")``, a tool with an explicit name."""

from langchain_core.tools import tool

# The chat model; replaced at start-up (or by tests).
model = None


@tool("translate_to_french")
async def translate(text: str) -> str:
    """Translate text into French."""
    reply = await model.ainvoke(f"Translate into French: {text}")
    return reply.content
