# expect: TCF101 TCF003
# Tool row "Optional[RunnableConfig] = None" after a parameter with a default: unsafe fix only (keyword-only move), so no .fixed.py.
from typing import Optional

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, language: str = "en", config: Optional[RunnableConfig] = None, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        f"[{language}] {question}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
