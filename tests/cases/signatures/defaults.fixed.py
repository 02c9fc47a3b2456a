# expect: TCF001
# A parameter with a default: config must become keyword-only.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(
    query: str, k: int = 4, *, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Search the documentation."""
    docs = await retriever.ainvoke(
        query, config=patch_config(config, callbacks=callbacks)
    )
    return "\n\n".join(doc.page_content for doc in docs[:k])
