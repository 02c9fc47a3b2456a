# expect: TCF013
# Tool row "bare config: RunnableConfig" for StructuredTool.from_function(coroutine=...). Forwarding the config the tool was called with files its inner run beside the tool's run (TCF013).
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import StructuredTool

from app.llm import llm


async def alookup(query: str, config: RunnableConfig) -> str:
    return (await llm.ainvoke(query, config=config)).content


lookup = StructuredTool.from_function(coroutine=alookup, name="lookup", description="Look it up.")
