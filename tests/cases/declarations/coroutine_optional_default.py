# expect: TCF101
# Tool row "Optional[RunnableConfig] = None" in a tool coroutine: direct callers may omit it, so the fix is unsafe (no .fixed.py).
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import StructuredTool

from app.llm import llm


async def alookup(query: str, config: Optional[RunnableConfig] = None) -> str:
    return (await llm.ainvoke(query, config=config)).content


lookup = StructuredTool.from_function(coroutine=alookup, name="lookup", description="Look it up.")
