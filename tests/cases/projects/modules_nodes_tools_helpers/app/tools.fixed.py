# expect: TCF011
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config

from app.llm import llm


async def search(
    query: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Search the web."""
    return (
        await llm.ainvoke(query, config=patch_config(config, callbacks=callbacks))
    ).content


def scrape(url: str) -> str:
    """Scrape a page."""
    return url


TOOLS = [search, scrape]
