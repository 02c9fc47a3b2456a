# expect: TCF001
# A tool without parameters.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.chains import news_chain


@tool
async def todays_headlines(config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Summarize today's headlines."""
    return await news_chain.ainvoke(
        {}, config=patch_config(config, callbacks=callbacks)
    )
