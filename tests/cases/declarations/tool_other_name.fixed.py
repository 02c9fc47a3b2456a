# expect: TCF003
# Tool row "the name does not matter": cfg: RunnableConfig is injected by its annotation. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain_core.runnables import patch_config, RunnableConfig
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.callbacks import Callbacks


@tool
async def ask(question: str, cfg: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=patch_config(cfg, callbacks=callbacks))
    return reply.content
