# expect: TCF001
# Comments and blank lines in the signature and the body are kept.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(
    # What the user asked, verbatim.
    query: str,  # free text

    collection: str,  # which index
    config: RunnableConfig,
    callbacks: Callbacks = None,
) -> str:
    """Search one collection of the documentation."""
    # Retrieve first, then format.

    docs = await retriever.ainvoke(  # top-k documents
        f"{collection}: {query}",  # prefixed query
        config=patch_config(config, callbacks=callbacks),
    )

    return "\n\n".join(doc.page_content for doc in docs)
