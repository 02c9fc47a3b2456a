# expect: TCF031 TCF031
# RunnableLambda(func, afunc=fn): the sync body calls .invoke, so both lose the config.
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.retrieval import retriever


def fetch_context(question: str, config: RunnableConfig) -> str:
    docs = retriever.invoke(question, config=config)
    return "\n\n".join(doc.page_content for doc in docs)


async def afetch_context(question: str, config: RunnableConfig) -> str:
    docs = await retriever.ainvoke(question, config=config)
    return "\n\n".join(doc.page_content for doc in docs)


context = RunnableLambda(fetch_context, afunc=afetch_context)
