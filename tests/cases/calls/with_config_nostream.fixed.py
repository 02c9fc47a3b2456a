# expect: TCF001
# .with_config({"tags": ["nostream"]}) is kept; config=config is added.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def draft(topic: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Draft a paragraph without streaming its tokens to the user."""
    reply = await llm.with_config({"tags": ["nostream"]}).ainvoke(
        f"Draft: {topic}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
