# expect: TCF001
# Comments and blank lines in the signature and the body are kept.
from langchain_core.tools import tool

from app.retrieval import retriever
from langchain_core.runnables import RunnableConfig


@tool
async def search_docs(
    # What the user asked, verbatim.
    query: str,  # free text

    collection: str,  # which index
    config: RunnableConfig,
) -> str:
    """Search one collection of the documentation."""
    # Retrieve first, then format.

    docs = await retriever.ainvoke(  # top-k documents
        f"{collection}: {query}",  # prefixed query
        config=config,
    )

    return "\n\n".join(doc.page_content for doc in docs)
