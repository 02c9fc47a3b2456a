# expect: TCF001
# import langchain_core.tools, then @langchain_core.tools.tool.
import langchain_core.tools

from app.llm import llm
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


@langchain_core.tools.tool
async def title(text: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Suggest a title for a text."""
    reply = await llm.ainvoke(
        f"Suggest a title for: {text}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
