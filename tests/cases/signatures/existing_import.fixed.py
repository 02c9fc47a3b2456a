# expect: TCF001 TCF003
# RunnableConfig already imported at run time: the fix adds no import.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content


@tool
async def ask_forwarding(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question, forwarding the config."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
