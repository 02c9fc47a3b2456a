# expect: nothing
# Already forwards: merge_configs(config, ...).
from langchain_core.runnables import RunnableConfig
from langchain_core.runnables.config import merge_configs
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    inner = merge_configs(config, {"tags": ["answer"]})
    reply = await llm.ainvoke(question, config=inner)
    return reply.content
