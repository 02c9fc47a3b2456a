# expect: TCF001
# @tool("name"): the tool's name given as a positional argument.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool("translate_to_french")
async def translate(
    text: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Translate English text to French."""
    reply = await llm.ainvoke(
        f"Translate to French: {text}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
