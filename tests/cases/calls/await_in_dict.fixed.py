# expect: TCF001
# await inside a dict literal.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def reply_to(
    message: str, config: RunnableConfig, callbacks: Callbacks = None
) -> dict:
    """Reply to a message."""
    return {
        "messages": [
            await llm.ainvoke(message, config=patch_config(config, callbacks=callbacks))
        ]
    }
