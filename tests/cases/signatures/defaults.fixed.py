# expect: TCF001
# A parameter with a default: config must become keyword-only.
from langchain_core.tools import tool

from app.retrieval import retriever
from langchain_core.runnables import RunnableConfig


@tool
async def search_docs(query: str, k: int = 4, *, config: RunnableConfig) -> str:
    """Search the documentation."""
    docs = await retriever.ainvoke(query, config=config)
    return "\n\n".join(doc.page_content for doc in docs[:k])
