# expect: TCF001
# The input given as input=.
from langchain_core.tools import tool

from app.chains import qa_chain


@tool
async def answer(question: str) -> str:
    """Answer a question from the knowledge base."""
    return await qa_chain.ainvoke(input={"question": question})
