# expect: TCF001
# An explicit config not built from the received one, in a tool without a config: the fix adds one and merges the two.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.runnables.config import merge_configs
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question,
        config=merge_configs(
            patch_config(config, callbacks=callbacks), {"run_name": "inner"}
        ),
    )
    return reply.content
