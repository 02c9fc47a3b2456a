# expect: TCF001
# RunnableConfig already imported at run time as RC: the fix reuses RC, adds no import.
from langchain_core.runnables import RunnableConfig as RC
from langchain_core.tools import tool

from app.llm import llm


def tags_of(config: RC) -> list:
    return config.get("tags", [])


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
