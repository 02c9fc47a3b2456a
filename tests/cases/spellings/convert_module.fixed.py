# expect: TCF001
# The decorator imported from its defining module, langchain_core.tools.convert.
from langchain_core.tools.convert import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def explain(term: str, config: RunnableConfig) -> str:
    """Explain a technical term in one sentence."""
    reply = await llm.ainvoke(f"Explain {term} in one sentence.", config=config)
    return reply.content
