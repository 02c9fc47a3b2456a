# expect: TCF001
# The decorator imported from its defining module, langchain_core.tools.convert.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools.convert import tool

from app.llm import llm


@tool
async def explain(
    term: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Explain a technical term in one sentence."""
    reply = await llm.ainvoke(
        f"Explain {term} in one sentence.",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
