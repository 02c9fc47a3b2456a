# expect: TCF001
# @tool("name"): the tool's name given as a positional argument.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool("translate_to_french")
async def translate(text: str, config: RunnableConfig) -> str:
    """Translate English text to French."""
    reply = await llm.ainvoke(f"Translate to French: {text}", config=config)
    return reply.content
