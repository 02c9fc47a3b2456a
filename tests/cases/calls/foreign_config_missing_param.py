# expect: TCF001
# No config parameter: both calls drop the caller's config; the fix forwards it to one and merges it into the other's own.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask_twice(question: str) -> str:
    """Answer a question, then check the answer."""
    reply = await llm.ainvoke(question)
    check = await llm.ainvoke(f"Is this right? {reply.content}", config={"run_name": "check"})
    return check.content
