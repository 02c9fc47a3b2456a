# expect: TCF001
# from langchain.tools import tool (the langchain package re-export).
from langchain.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def answer(question: str, config: RunnableConfig) -> str:
    """Answer a question about the product."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
