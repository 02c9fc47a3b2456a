# expect: nothing
# Tool row "quoted RunnableConfig": get_type_hints resolves the string, so it is injected.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: "RunnableConfig") -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
