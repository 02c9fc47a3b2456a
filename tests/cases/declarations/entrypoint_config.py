# expect: nothing
# @entrypoint row "config: RunnableConfig, keyword-only, works".
from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint()
async def workflow(question: str, *, config: RunnableConfig) -> str:
    return (await llm.ainvoke(question, config=config)).content
