# expect: nothing
# LangChain injects run_manager.get_child() into a tool function's `callbacks` parameter
# (langchain_core's own retriever tool relies on it): config={"callbacks": callbacks} forwards.
from langchain_core.callbacks import Callbacks
from langchain_core.tools import StructuredTool

from app.retrieval import retriever


async def afunc(query: str, callbacks: Callbacks = None) -> str:
    docs = await retriever.ainvoke(query, config={"callbacks": callbacks})
    return "\n".join(doc.page_content for doc in docs)


search = StructuredTool(name="search", description="Search.", coroutine=afunc)
