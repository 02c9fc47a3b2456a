# expect: TCF001
# from langchain.agents import tool (the older re-export).
from langchain.agents import tool

from app.chains import qa_chain


@tool
async def search_faq(question: str) -> str:
    """Search the FAQ for an answer."""
    return await qa_chain.ainvoke({"question": question})
