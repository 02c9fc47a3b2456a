# expect: TCF001
# The calls sit in a nested helper that closes over the tool's parameters.
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

    async def answer(question: str) -> str:
        reply = await llm.ainvoke(
            question, config=patch_config(config, callbacks=callbacks)
        )
        return reply.content

    answers = await asyncio.gather(*(answer(q) for q in questions))
    return "\n".join(answers)
