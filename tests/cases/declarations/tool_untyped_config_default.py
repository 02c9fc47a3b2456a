# expect: TCF102
# Tool row "unannotated config" with a default: annotated RunnableConfig and the default dropped (safe for @tool).
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config=None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
