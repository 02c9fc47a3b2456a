# expect: TCF031
# A sync RunnableLambda in a chain answer() runs with .invoke keeps the config; the same
# lambda in the chain aanswer() runs with .ainvoke loses it on Python 3.9 and 3.10.
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableConfig, RunnableLambda
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini")
prompt = ChatPromptTemplate.from_template("Answer from {context}: {question}")


def format_docs(inputs: dict) -> dict:
    docs = retriever.invoke(inputs["question"])
    return {"context": "\n\n".join(d.page_content for d in docs), **inputs}


def rewrite(inputs: dict, config: RunnableConfig) -> dict:
    better = llm.invoke(f"Rewrite the question: {inputs['question']}", config=config)
    return {"question": better.content}


def answer(question: str) -> str:
    chain = RunnableLambda(format_docs) | prompt | llm | StrOutputParser()
    return chain.invoke({"question": question})


async def aanswer(question: str) -> str:
    chain = RunnableLambda(rewrite) | prompt | llm | StrOutputParser()
    return await chain.ainvoke({"question": question})
