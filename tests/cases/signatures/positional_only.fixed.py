# expect: TCF001
# A positional-only marker / ends the list: config goes after it.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def ask(question: str, /, config: RunnableConfig) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
