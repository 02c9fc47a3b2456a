# expect: TCF101
# Tool row "Optional[RunnableConfig] = None" after a parameter with a default: unsafe fix only (keyword-only move), so no .fixed.py.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, language: str = "en", config: Optional[RunnableConfig] = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(f"[{language}] {question}", config=config)
    return reply.content
