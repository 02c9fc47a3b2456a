# expect: TCF104
# @entrypoint row "a parameter with another name gets nothing".
from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint()
async def workflow(question: str, *, cfg: RunnableConfig) -> str:
    return (await llm.ainvoke(question, config=cfg)).content
