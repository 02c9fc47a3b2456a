# expect: TCF001
# from langchain.tools import tool (the langchain package re-export).
from langchain.tools import tool

from app.llm import llm


@tool
async def answer(question: str) -> str:
    """Answer a question about the product."""
    reply = await llm.ainvoke(question)
    return reply.content
