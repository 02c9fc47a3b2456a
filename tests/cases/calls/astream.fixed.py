# expect: TCF001
# async for over astream, accumulating chunks by hand.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def write_story(
    prompt: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Write a short story."""
    text = ""
    async for chunk in llm.astream(
        prompt, config=patch_config(config, callbacks=callbacks)
    ):
        text += chunk.content
    return text
