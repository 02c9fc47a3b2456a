# expect: TCF001
# import langchain_core.tools, then @langchain_core.tools.tool.
import langchain_core.tools

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@langchain_core.tools.tool
async def title(text: str, config: RunnableConfig) -> str:
    """Suggest a title for a text."""
    reply = await llm.ainvoke(f"Suggest a title for: {text}", config=config)
    return reply.content
