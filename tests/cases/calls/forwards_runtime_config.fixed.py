# expect: TCF003
# Forwards the config (no TCF002): config=runtime.config in a ToolRuntime tool. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain.tools import ToolRuntime, tool

from app.llm import llm
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import patch_config


@tool
async def ask(question: str, runtime: ToolRuntime, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(runtime.config, callbacks=callbacks)
    )
    return reply.content
