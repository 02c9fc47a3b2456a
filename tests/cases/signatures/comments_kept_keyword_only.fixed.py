# expect: TCF001
# Comments in a signature where config must become keyword-only.
from langchain_core.tools import tool

from app.retrieval import retriever
from langchain_core.runnables import RunnableConfig


@tool
async def search_docs(
    query: str,  # free text
    k: int = 4,  # how many documents
    *,
    config: RunnableConfig,
) -> str:
    """Search the documentation."""
    docs = await retriever.ainvoke(query, config=config)  # top-k documents
    return "\n\n".join(doc.page_content for doc in docs[:k])
