# expect: TCF001
# await inside a dict literal.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def reply_to(message: str) -> dict:
    """Reply to a message."""
    return {"messages": [await llm.ainvoke(message)]}
