# expect: TCF031
# RunnableLambda(func, afunc=fn): async runs call afetch_context only, and sync runs keep
# the config, so fetch_context loses nothing.
from langchain_core.runnables import RunnableLambda

from app.retrieval import retriever


def fetch_context(question: str) -> str:
    docs = retriever.invoke(question)
    return "\n\n".join(doc.page_content for doc in docs)


async def afetch_context(question: str) -> str:
    docs = await retriever.ainvoke(question)
    return "\n\n".join(doc.page_content for doc in docs)


context = RunnableLambda(fetch_context, afunc=afetch_context)
