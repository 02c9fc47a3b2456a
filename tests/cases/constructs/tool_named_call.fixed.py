# expect: TCF011
# tool("name")(fn): a named decorator applied as a call.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


async def lookup_weather(
    city: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Look up the weather for a city."""
    text = ""
    async for chunk in llm.astream(
        f"What is the weather in {city}?",
        config=patch_config(config, callbacks=callbacks),
    ):
        text += chunk.content
    return text


weather_tool = tool("weather")(lookup_weather)
