# expect: TCF102
# Tool row "unannotated config" with a default: annotated RunnableConfig and the default dropped (safe for @tool).
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
