# expect: nothing
# Already forwards: .with_config(config).ainvoke(x).
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    reply = await llm.with_config(config).ainvoke(question)
    return reply.content
