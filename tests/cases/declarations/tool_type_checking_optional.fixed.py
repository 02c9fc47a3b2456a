# expect: TCF101 TCF103
# Tool rows "Optional[RunnableConfig]" and "TYPE_CHECKING-only import" together: bare annotation and a run-time import.
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
