# expect: TCF001
# The model comes from a function call: get_llm().ainvoke(...).
from langchain_core.tools import tool

from app.llm import get_llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await get_llm().ainvoke(question)
    return reply.content
