# expect: TCF103 TCF003
# Tool row "RunnableConfig imported only under TYPE_CHECKING" with future annotations: the fix imports it at run time.
from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.tools import tool

from app.llm import llm

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
