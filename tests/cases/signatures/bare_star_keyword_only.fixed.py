# expect: TCF001
# A bare * with keyword-only parameters: config goes last among them.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def draft_email(
    to: str,
    *,
    subject: str,
    tone: str = "friendly",
    config: RunnableConfig,
    callbacks: Callbacks = None,
) -> str:
    """Draft an email."""
    reply = await llm.ainvoke(
        f"Write a {tone} email to {to} about {subject}.",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
