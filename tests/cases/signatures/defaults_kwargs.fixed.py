# expect: TCF001
# A default and **kwargs: config is keyword-only, before **kwargs.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(
    question: str,
    language: str = "en",
    *,
    config: RunnableConfig,
    callbacks: Callbacks = None,
    **kwargs,
) -> str:
    """Answer a question in a given language."""
    reply = await llm.ainvoke(
        f"Answer in {language}: {question}",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
