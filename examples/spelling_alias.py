"""Decorator spelling: ``tool`` imported under an alias (``as lc_tool``)."""

from langchain_core.tools import tool as lc_tool

# The chat model; replaced at start-up (or by tests).
model = None


@lc_tool
async def classify(text: str) -> str:
    """Classify the sentiment of text as positive, negative or neutral."""
    reply = await model.ainvoke(f"Classify the sentiment: {text}")
    return reply.content
