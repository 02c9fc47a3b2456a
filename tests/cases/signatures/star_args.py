# expect: TCF001
# *args: config goes after it, keyword-only.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def compare(*names: str) -> str:
    """Compare several products by name."""
    reply = await llm.ainvoke("Compare: " + ", ".join(names))
    return reply.content
