# expect: TCF002
# An explicit config not built from the received one: reported, with no fix.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config={"run_name": "inner"})
    return reply.content
