# expect: nothing
# A call with **kwargs may carry a config: it is not judged.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    options = {"stop": ["\n\n"]}
    reply = await llm.ainvoke(question, **options)
    return reply.content
