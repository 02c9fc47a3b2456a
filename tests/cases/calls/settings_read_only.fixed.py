# expect: TCF002
# The tool has config but only reads settings from it, then calls the model without it.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.configuration import Configuration
from app.llm import llm


@tool
async def research(
    topic: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Research a topic."""
    settings = Configuration.from_runnable_config(config)
    reply = await llm.ainvoke(
        f"Research {topic} for {settings.audience}.",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
