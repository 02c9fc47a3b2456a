# expect: TCF001
# import langchain_core.tools as t, then @t.tool.
import langchain_core.tools as t

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@t.tool
async def extract_keywords(text: str, config: RunnableConfig) -> str:
    """List the main keywords of a text."""
    reply = await llm.ainvoke(f"List the keywords: {text}", config=config)
    return reply.content
