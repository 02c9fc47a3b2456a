# expect: TCF001
# A tool without parameters.
from langchain_core.tools import tool

from app.chains import news_chain
from langchain_core.runnables import RunnableConfig


@tool
async def todays_headlines(config: RunnableConfig) -> str:
    """Summarize today's headlines."""
    return await news_chain.ainvoke({}, config=config)
