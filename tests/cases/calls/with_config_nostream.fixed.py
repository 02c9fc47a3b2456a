# expect: TCF001
# .with_config({"tags": ["nostream"]}) is kept; config=config is added.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def draft(topic: str, config: RunnableConfig) -> str:
    """Draft a paragraph without streaming its tokens to the user."""
    reply = await llm.with_config({"tags": ["nostream"]}).ainvoke(
        f"Draft: {topic}", config=config
    )
    return reply.content
