# expect: TCF101
# Tool row "Optional[RunnableConfig] = None is never injected": bare annotation, default dropped.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: Optional[RunnableConfig] = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
