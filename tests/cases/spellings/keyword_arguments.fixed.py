# expect: TCF001
# @tool(parse_docstring=True, ...): keyword arguments only.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool(parse_docstring=True, return_direct=True)
async def rewrite(
    text: str, tone: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Rewrite text in another tone.

    Args:
        text: The text to rewrite.
        tone: The tone to use, such as "formal" or "friendly".
    """
    reply = await llm.ainvoke(
        f"Rewrite in a {tone} tone: {text}",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
