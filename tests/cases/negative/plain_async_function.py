# expect: nothing
# A plain async helper, not a tool, in a module that defines tools.
from langchain_core.tools import tool

from app.llm import llm


async def summarize(text: str) -> str:
    reply = await llm.ainvoke(f"Summarize: {text}")
    return reply.content


@tool
def word_count(text: str) -> int:
    """Count the words in a text."""
    return len(text.split())
