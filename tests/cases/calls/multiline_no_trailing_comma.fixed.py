# expect: TCF001
# A multi-line call without a trailing comma.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.chains import summary_chain


@tool
async def summarize(
    text: str, words: int, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Summarize a text in a number of words."""
    return await summary_chain.ainvoke(
        {"text": text, "words": words}, config=patch_config(config, callbacks=callbacks)
    )
