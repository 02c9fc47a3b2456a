# expect: TCF002
# A ToolRuntime parameter already carries the config: forward runtime.config.
from langchain.tools import ToolRuntime, tool

from app.llm import llm
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import patch_config


@tool
async def ask(question: str, runtime: ToolRuntime, callbacks: Callbacks = None) -> str:
    """Answer a question for the current user."""
    user = runtime.context.user_name
    reply = await llm.ainvoke(
        f"{user} asks: {question}",
        config=patch_config(runtime.config, callbacks=callbacks),
    )
    return reply.content
