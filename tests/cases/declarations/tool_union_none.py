# expect: TCF101
# Tool row "Optional" spelled Union[RunnableConfig, None] = None: never injected.
from typing import Union

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: Union[RunnableConfig, None] = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
