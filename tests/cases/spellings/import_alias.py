# expect: TCF001
# from langchain_core.tools import tool as lc_tool.
from langchain_core.tools import tool as lc_tool

from app.llm import llm


@lc_tool
async def classify(text: str) -> str:
    """Classify the sentiment of a text as positive, negative or neutral."""
    reply = await llm.ainvoke(f"Sentiment of: {text}")
    return reply.content
