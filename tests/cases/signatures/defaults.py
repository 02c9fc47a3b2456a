# expect: TCF001
# A parameter with a default: config must become keyword-only.
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(query: str, k: int = 4) -> str:
    """Search the documentation."""
    docs = await retriever.ainvoke(query)
    return "\n\n".join(doc.page_content for doc in docs[:k])
