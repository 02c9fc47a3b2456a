"""Plain async functions that the graph's ``ToolNode`` turns into tools."""

from .helpers import get_model


async def search_docs(query: str) -> str:
    """Answer a question from the documentation."""
    reply = await get_model().ainvoke(f"Answer from the docs: {query}")
    return reply.content


TOOLS = [search_docs]
