# expect: TCF001
# astream_events with version= already given as a keyword.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.agents import writer_agent


@tool
async def write_report(
    topic: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Write a report with the writer agent."""
    final = ""
    async for event in writer_agent.astream_events(
        {"messages": [("user", topic)]},
        version="v2",
        config=patch_config(config, callbacks=callbacks),
    ):
        if event["event"] == "on_chat_model_end":
            final = event["data"]["output"].content
    return final
