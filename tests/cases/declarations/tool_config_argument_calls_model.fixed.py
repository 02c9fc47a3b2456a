# expect: TCF001
# Tool row "config: dict" as an ordinary argument in a tool that calls a model: not TCF102; the fix adds run_config.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def render(
    template: str, config: dict, run_config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Render a template with the given settings, then polish it."""
    reply = await llm.ainvoke(
        template.format(**config), config=patch_config(run_config, callbacks=callbacks)
    )
    return reply.content
