# expect: TCF031 TCF031
# RunnableLambda(func, afunc=fn): the sync body calls .invoke, so both lose the config.
from langchain_core.runnables import RunnableLambda

from app.retrieval import retriever


def fetch_context(question: str) -> str:
    docs = retriever.invoke(question)
    return "\n\n".join(doc.page_content for doc in docs)


async def afetch_context(question: str) -> str:
    docs = await retriever.ainvoke(question)
    return "\n\n".join(doc.page_content for doc in docs)


context = RunnableLambda(fetch_context, afunc=afetch_context)
