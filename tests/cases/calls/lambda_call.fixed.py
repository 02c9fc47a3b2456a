# expect: TCF001
# The call sits in a lambda.
import asyncio
from typing import List

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def answer_all(
    questions: List[str], config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer several questions at once."""
    replies = await asyncio.gather(
        *map(
            lambda q: llm.ainvoke(q, config=patch_config(config, callbacks=callbacks)),
            questions,
        )
    )
    return "\n".join(reply.content for reply in replies)
