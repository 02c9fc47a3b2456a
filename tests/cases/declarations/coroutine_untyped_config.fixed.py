# expect: TCF102
# Tool row "unannotated config" in a tool coroutine: annotate it and import RunnableConfig at run time.
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
