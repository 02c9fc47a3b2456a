# expect: TCF001
# The model comes from a function call: get_llm().ainvoke(...).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import get_llm


@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    reply = await get_llm().ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
