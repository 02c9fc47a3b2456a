# expect: TCF001
# Comments in a signature where config must become keyword-only.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(
    query: str,  # free text
    k: int = 4,  # how many documents
    *,
    config: RunnableConfig,
    callbacks: Callbacks = None,
) -> str:
    """Search the documentation."""
    docs = await retriever.ainvoke(
        query, config=patch_config(config, callbacks=callbacks)
    )  # top-k documents
    return "\n\n".join(doc.page_content for doc in docs[:k])
