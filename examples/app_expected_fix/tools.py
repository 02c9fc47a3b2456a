"""Plain async functions that the graph's ``ToolNode`` turns into tools."""

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config

from .helpers import get_model


async def search_docs(query: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer a question from the documentation."""
    reply = await get_model().ainvoke(
        f"Answer from the docs: {query}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content


TOOLS = [search_docs]
