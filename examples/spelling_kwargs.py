"""Decorator spelling: ``@tool(parse_docstring=True)``, keyword arguments only.

The argument descriptions come from the Google-style docstring.
"""

from langchain_core.tools import tool

# The chat model; replaced at start-up (or by tests).
model = None


@tool(parse_docstring=True)
async def rewrite(text: str, tone: str) -> str:
    """Rewrite text in another tone.

    Args:
        text: The text to rewrite.
        tone: The tone to use, such as "formal" or "friendly".
    """
    reply = await model.ainvoke(f"Rewrite in a {tone} tone: {text}")
    return reply.content
