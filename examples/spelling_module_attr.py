"""Decorator spelling: module attribute (``import langchain_core.tools as t``, ``@t.tool``)."""

import langchain_core.tools as t

# The chat model; replaced at start-up (or by tests).
model = None


@t.tool
async def extract_keywords(text: str) -> str:
    """List the main keywords of text."""
    reply = await model.ainvoke(f"List the keywords: {text}")
    return reply.content
