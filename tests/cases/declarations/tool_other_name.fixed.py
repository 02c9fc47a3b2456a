# expect: TCF003
# Tool row "the name does not matter": cfg: RunnableConfig is injected by its annotation. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, cfg: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=patch_config(cfg, callbacks=callbacks))
    return reply.content
