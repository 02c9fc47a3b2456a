# expect: TCF001
# Hanging indent: the parameters continue under the first one.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search_docs(query: str,
                      collection: str,
                      config: RunnableConfig,
                      callbacks: Callbacks = None) -> str:
    """Search one collection of the documentation."""
    docs = await retriever.ainvoke(
        f"{collection}: {query}", config=patch_config(config, callbacks=callbacks)
    )
    return "\n\n".join(doc.page_content for doc in docs)
