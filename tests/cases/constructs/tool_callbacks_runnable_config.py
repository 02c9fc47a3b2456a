# expect: nothing
# A tool function's `callbacks` parameter holds the run's child: RunnableConfig(callbacks=...)
# forwards it and nests under the tool's run.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.retrieval import retriever


@tool
async def search(query: str, callbacks: Callbacks = None) -> str:
    """Search the knowledge base."""
    docs = await retriever.ainvoke(query, config=RunnableConfig(callbacks=callbacks))
    return "\n".join(doc.page_content for doc in docs)
