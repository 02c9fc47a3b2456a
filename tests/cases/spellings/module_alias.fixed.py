# expect: TCF001
# import langchain_core.tools as t, then @t.tool.
import langchain_core.tools as t

from app.llm import llm
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


@t.tool
async def extract_keywords(
    text: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """List the main keywords of a text."""
    reply = await llm.ainvoke(
        f"List the keywords: {text}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
