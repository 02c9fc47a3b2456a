# expect: TCF001
# async for over astream, accumulating chunks by hand.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def write_story(prompt: str, config: RunnableConfig) -> str:
    """Write a short story."""
    text = ""
    async for chunk in llm.astream(prompt, config=config):
        text += chunk.content
    return text
