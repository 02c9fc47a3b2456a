# expect: TCF001
# The decorator imported from its defining module, langchain_core.tools.convert.
from langchain_core.tools.convert import tool

from app.llm import llm


@tool
async def explain(term: str) -> str:
    """Explain a technical term in one sentence."""
    reply = await llm.ainvoke(f"Explain {term} in one sentence.")
    return reply.content
