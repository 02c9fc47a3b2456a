# expect: TCF041
# @entrypoint(checkpointer=...) on an async function.
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint(checkpointer=InMemorySaver())
async def workflow(topic: str, config: RunnableConfig) -> str:
    outline = await llm.ainvoke(f"Outline an essay about {topic}.", config=config)
    essay = await llm.ainvoke(f"Write the essay:\n{outline.content}", config=config)
    return essay.content
