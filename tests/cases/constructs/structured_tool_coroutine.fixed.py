# expect: TCF011
# StructuredTool.from_function with a sync twin: only the async coroutine is flagged.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool

from app.chains import search_chain


def search_docs(query: str) -> str:
    """Search the documentation."""
    return search_chain.invoke({"query": query})


async def asearch_docs(
    query: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Search the documentation."""
    return await search_chain.ainvoke(
        {"query": query}, config=patch_config(config, callbacks=callbacks)
    )


search_tool = StructuredTool.from_function(
    func=search_docs,
    coroutine=asearch_docs,
    name="search_docs",
    description="Search the documentation.",
)
