# expect: TCF001
# A parameter named `config` that is not a RunnableConfig: the new one is `run_config`.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def review_config(config: str, run_config: RunnableConfig) -> str:
    """Review a YAML deployment config for mistakes."""
    reply = await llm.ainvoke(
        f"Review this deployment config:\n{config}", config=run_config
    )
    return reply.content
