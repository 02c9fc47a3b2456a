# expect: TCF001
# from langchain.tools import tool (the langchain package re-export).
from langchain.tools import tool

from app.llm import llm
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


@tool
async def answer(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question about the product."""
    reply = await llm.ainvoke(
        question, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
