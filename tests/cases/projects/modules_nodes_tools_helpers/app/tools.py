# expect: TCF011
from app.llm import llm


async def search(query: str) -> str:
    """Search the web."""
    return (await llm.ainvoke(query)).content


def scrape(url: str) -> str:
    """Scrape a page."""
    return url


TOOLS = [search, scrape]
