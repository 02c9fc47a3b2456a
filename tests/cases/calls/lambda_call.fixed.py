# expect: TCF001
# The call sits in a lambda.
import asyncio
from typing import List

from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def answer_all(questions: List[str], config: RunnableConfig) -> str:
    """Answer several questions at once."""
    replies = await asyncio.gather(
        *map(lambda q: llm.ainvoke(q, config=config), questions)
    )
    return "\n".join(reply.content for reply in replies)
