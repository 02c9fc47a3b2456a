# expect: TCF001
# A tool without parameters.
from langchain_core.tools import tool

from app.chains import news_chain


@tool
async def todays_headlines() -> str:
    """Summarize today's headlines."""
    return await news_chain.ainvoke({})
