# expect: TCF003
# Forwards the config (no TCF002): patch_config(config, ...). Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig
from langchain_core.runnables.config import patch_config
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
