# expect: TCF001
# from langchain_core.tools import tool as lc_tool.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool as lc_tool

from app.llm import llm


@lc_tool
async def classify(
    text: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Classify the sentiment of a text as positive, negative or neutral."""
    reply = await llm.ainvoke(
        f"Sentiment of: {text}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
