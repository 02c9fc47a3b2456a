# expect: TCF001
# A parameter named `config` that is not a RunnableConfig: the new one is `run_config`.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def review_config(config: str) -> str:
    """Review a YAML deployment config for mistakes."""
    reply = await llm.ainvoke(f"Review this deployment config:\n{config}")
    return reply.content
