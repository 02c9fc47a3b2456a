# expect: TCF102
# Tool row "config: dict shows up in the schema", spelled Optional[dict] = None and forwarded: the tool receives None.
from typing import Optional

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
