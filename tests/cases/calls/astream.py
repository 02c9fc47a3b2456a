# expect: TCF001
# async for over astream, accumulating chunks by hand.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def write_story(prompt: str) -> str:
    """Write a short story."""
    text = ""
    async for chunk in llm.astream(prompt):
        text += chunk.content
    return text
