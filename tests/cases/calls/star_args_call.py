# expect: nothing
# A call with *args may carry a config positionally: it is not judged.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    call_args = [question]
    reply = await llm.ainvoke(*call_args)
    return reply.content
