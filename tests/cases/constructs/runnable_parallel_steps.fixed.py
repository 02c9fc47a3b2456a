# expect: TCF031 TCF031 TCF031
# Functions among the steps of RunnableParallel and RunnablePassthrough.assign: LangChain wraps
# each in a RunnableLambda. The sync format_docs calls no runnable.
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import (
    RunnableConfig,
    RunnableParallel,
    RunnablePassthrough,
)

from app.llm import llm

prompt = ChatPromptTemplate.from_template("{summary} {critique}")


async def summarize(inputs: dict, config: RunnableConfig) -> str:
    return (await llm.ainvoke(inputs["text"], config=config)).content


async def critique(inputs: dict, config: RunnableConfig) -> str:
    return (await llm.ainvoke(inputs["text"], config=config)).content


async def add_context(inputs: dict, config: RunnableConfig) -> str:
    return (await llm.ainvoke(inputs["question"], config=config)).content


def format_docs(docs) -> str:
    return "\n".join(doc.page_content for doc in docs)


steps = RunnableParallel({"summary": summarize, "docs": format_docs})
both = RunnableParallel(critique=critique) | prompt | llm
rag = RunnablePassthrough.assign(context=add_context) | prompt | llm
