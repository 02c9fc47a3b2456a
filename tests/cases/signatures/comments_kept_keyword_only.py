# expect: TCF001
# Comments in a signature where config must become keyword-only.
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(
    query: str,  # free text
    k: int = 4,  # how many documents
) -> str:
    """Search the documentation."""
    docs = await retriever.ainvoke(query)  # top-k documents
    return "\n\n".join(doc.page_content for doc in docs[:k])
