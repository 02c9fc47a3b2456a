# expect: TCF101
# Tool row "Optional[RunnableConfig]" under an import alias: tools resolve the type, so the alias stays.
from typing import Optional

from langchain_core.runnables import RunnableConfig as RC
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: Optional[RC] = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
