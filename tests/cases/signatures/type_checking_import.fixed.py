# expect: TCF001
# RunnableConfig imported only under TYPE_CHECKING: the fix imports it at run time.
from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


def tags_of(config: RunnableConfig) -> list[str]:
    return config.get("tags", [])


@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
