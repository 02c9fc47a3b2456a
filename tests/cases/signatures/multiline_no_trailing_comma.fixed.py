# expect: TCF001
# One parameter per line, without a trailing comma.
from langchain_core.tools import tool

from app.retrieval import retriever
from langchain_core.runnables import RunnableConfig


@tool
async def search_docs(
    query: str,
    collection: str,
    config: RunnableConfig
) -> str:
    """Search one collection of the documentation."""
    docs = await retriever.ainvoke(f"{collection}: {query}", config=config)
    return "\n\n".join(doc.page_content for doc in docs)
