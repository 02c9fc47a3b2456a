# expect: TCF101 TCF003
# Tool row "config: RunnableConfig = None": not injected on 3.10 with core <= 1.5.6; drop the default.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: RunnableConfig = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
