# expect: TCF041
# @entrypoint(checkpointer=...) on an async function.
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint(checkpointer=InMemorySaver())
async def workflow(topic: str) -> str:
    outline = await llm.ainvoke(f"Outline an essay about {topic}.")
    essay = await llm.ainvoke(f"Write the essay:\n{outline.content}")
    return essay.content
