# expect: TCF001
# No config parameter: both calls drop the caller's config; the fix forwards it to one and merges it into the other's own.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.runnables.config import merge_configs
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask_twice(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question, then check the answer."""
    reply = await llm.ainvoke(question, config=patch_config(config, callbacks=callbacks))
    check = await llm.ainvoke(f"Is this right? {reply.content}", config=merge_configs(patch_config(config, callbacks=callbacks), {"run_name": "check"}))
    return check.content
