# expect: nothing
# A model bound to the config once, then called: the binding forwards it.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.models import llm


@tool
async def answer(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    model = llm.with_config(config)
    tuned = model.bind(temperature=0)
    reply = await tuned.ainvoke(question)
    return reply.content
