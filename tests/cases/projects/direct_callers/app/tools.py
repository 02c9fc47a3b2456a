# expect: TCF011
from langchain_core.tools import StructuredTool

from app.llm import llm


async def alookup(query: str) -> str:
    return (await llm.ainvoke(query)).content


def lookup(query: str) -> str:
    return query


lookup_tool = StructuredTool.from_function(func=lookup, coroutine=alookup, name="lookup")
