# expect: TCF001
# Hanging indent: the parameters continue under the first one.
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(query: str,
                      collection: str) -> str:
    """Search one collection of the documentation."""
    docs = await retriever.ainvoke(f"{collection}: {query}")
    return "\n\n".join(doc.page_content for doc in docs)
