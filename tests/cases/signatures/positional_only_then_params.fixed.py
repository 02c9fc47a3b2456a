# expect: TCF001
# Positional-only parameters followed by ordinary ones.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def translate(
    text: str, /, language: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Translate a text."""
    reply = await llm.ainvoke(
        f"Translate to {language}: {text}",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
