# expect: TCF101
# Tool row "Optional[RunnableConfig]" without a default: only the annotation changes.
import typing

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: typing.Optional[RunnableConfig]) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
