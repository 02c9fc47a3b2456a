# expect: TCF102
# Tool row "config: dict" spelled Dict[str, Any], passed to patch_config.
from typing import Any, Dict

from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: Dict[str, Any]) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, patch_config(config, run_name="answer"))
    return reply.content
