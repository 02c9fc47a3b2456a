# expect: TCF001
# import langchain_core.tools, then @langchain_core.tools.tool.
import langchain_core.tools

from app.llm import llm


@langchain_core.tools.tool
async def title(text: str) -> str:
    """Suggest a title for a text."""
    reply = await llm.ainvoke(f"Suggest a title for: {text}")
    return reply.content
