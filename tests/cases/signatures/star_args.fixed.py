# expect: TCF001
# *args: config goes after it, keyword-only.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def compare(
    *names: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Compare several products by name."""
    reply = await llm.ainvoke(
        "Compare: " + ", ".join(names), config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
