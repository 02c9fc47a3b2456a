# expect: TCF031 TCF031 TCF031
# Functions among the steps of RunnableParallel and RunnablePassthrough.assign: LangChain wraps
# each in a RunnableLambda. The sync format_docs calls no runnable.
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableParallel, RunnablePassthrough

from app.llm import llm

prompt = ChatPromptTemplate.from_template("{summary} {critique}")


async def summarize(inputs: dict) -> str:
    return (await llm.ainvoke(inputs["text"])).content


async def critique(inputs: dict) -> str:
    return (await llm.ainvoke(inputs["text"])).content


async def add_context(inputs: dict) -> str:
    return (await llm.ainvoke(inputs["question"])).content


def format_docs(docs) -> str:
    return "\n".join(doc.page_content for doc in docs)


steps = RunnableParallel({"summary": summarize, "docs": format_docs})
both = RunnableParallel(critique=critique) | prompt | llm
rag = RunnablePassthrough.assign(context=add_context) | prompt | llm
