# expect: TCF011
# StructuredTool.from_function(func, coroutine) with both given by position: the async twin
# is the tool's coroutine; the sync one keeps its config.
from langchain_core.tools import StructuredTool

from app.chains import search_chain


def search(query: str) -> str:
    """Search the knowledge base."""
    return search_chain.invoke({"query": query})


async def asearch(query: str) -> str:
    """Search the knowledge base."""
    return await search_chain.ainvoke({"query": query})


search_tool = StructuredTool.from_function(search, asearch, name="search")
