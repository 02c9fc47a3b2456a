# expect: TCF002
# The model is loaded from settings read from config; the call still drops config.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.configuration import Configuration
from app.utils import load_chat_model


@tool
async def research(
    topic: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Research a topic."""
    configuration = Configuration.from_runnable_config(config)
    model = load_chat_model(configuration.model)
    reply = await model.ainvoke(
        f"Research {topic}.", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
