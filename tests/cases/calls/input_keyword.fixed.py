# expect: TCF001
# The input given as input=.
from langchain_core.tools import tool

from app.chains import qa_chain
from langchain_core.runnables import RunnableConfig


@tool
async def answer(question: str, config: RunnableConfig) -> str:
    """Answer a question from the knowledge base."""
    return await qa_chain.ainvoke(input={"question": question}, config=config)
