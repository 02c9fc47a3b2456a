# expect: TCF003
# Tool row "ToolRuntime": runtime.config is the caller's config; forwarding it needs no config parameter. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import patch_config
from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime

from app.llm import llm


@tool
async def ask(question: str, runtime: ToolRuntime, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(
        question, config=patch_config(runtime.config, callbacks=callbacks)
    )
    return reply.content
