# expect: TCF001
# **kwargs: config goes before it.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def ask(question: str, config: RunnableConfig, **kwargs) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
