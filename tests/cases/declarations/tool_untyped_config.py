# expect: TCF102
# Tool row "unannotated config shows up in the schema": forwarded, so it is the caller's config.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
