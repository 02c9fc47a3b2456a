# expect: TCF001
# *args: config goes after it, keyword-only.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def compare(*names: str, config: RunnableConfig) -> str:
    """Compare several products by name."""
    reply = await llm.ainvoke("Compare: " + ", ".join(names), config=config)
    return reply.content
