# expect: TCF101
# Tool row "Optional[RunnableConfig]" without a default in a tool coroutine: the annotation-only fix is safe.
from typing import Optional

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool

from app.llm import llm


async def alookup(
    query: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    return (
        await llm.ainvoke(query, config=patch_config(config, callbacks=callbacks))
    ).content


lookup = StructuredTool.from_function(coroutine=alookup, name="lookup", description="Look it up.")
