# expect: TCF001
# A multi-line call without a trailing comma.
from langchain_core.tools import tool

from app.chains import summary_chain
from langchain_core.runnables import RunnableConfig


@tool
async def summarize(text: str, words: int, config: RunnableConfig) -> str:
    """Summarize a text in a number of words."""
    return await summary_chain.ainvoke(
        {"text": text, "words": words}, config=config
    )
