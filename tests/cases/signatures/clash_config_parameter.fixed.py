# expect: TCF001
# A parameter named `config` that is not a RunnableConfig: the new one is `run_config`.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def review_config(
    config: str, run_config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Review a YAML deployment config for mistakes."""
    reply = await llm.ainvoke(
        f"Review this deployment config:\n{config}",
        config=patch_config(run_config, callbacks=callbacks),
    )
    return reply.content
