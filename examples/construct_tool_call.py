"""Construct: ``tool("name")(fn)``, the tool decorator applied as a call.

The async function is turned into a tool after it is defined, not with ``@``.
It awaits the chat model without forwarding the tool's config (toolcfg
reports TCF011).
"""

from langchain_core.tools import tool

# The chat model; replaced at start-up (or by tests).
model = None


async def search_docs(query: str) -> str:
    """Answer a question about the documentation."""
    reply = await model.ainvoke(f"Answer from the docs: {query}")
    return reply.content


search_docs_tool = tool("search_docs")(search_docs)
