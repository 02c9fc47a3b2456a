# expect: TCF001
# RunnableConfig already imported at run time as RC: the fix reuses RC, adds no import.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig as RC
from langchain_core.runnables import patch_config
from langchain_core.tools import tool

from app.llm import llm


def tags_of(config: RC) -> list:
    return config.get("tags", [])


@tool
async def ask(question: str, config: RC, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
