# expect: TCF011
# StructuredTool built with its constructor, coroutine passed by keyword.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool
from pydantic import BaseModel

from app.llm import llm


class LookupInput(BaseModel):
    query: str


async def alookup(
    query: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    return (
        await llm.ainvoke(query, config=patch_config(config, callbacks=callbacks))
    ).content


lookup = StructuredTool(
    name="lookup",
    description="Look a query up.",
    args_schema=LookupInput,
    coroutine=alookup,
)
