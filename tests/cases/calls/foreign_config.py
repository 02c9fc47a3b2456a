# expect: TCF001
# An explicit config not built from the received one, in a tool without a config: the fix adds one and merges the two.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config={"run_name": "inner"})
    return reply.content
