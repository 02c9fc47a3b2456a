# expect: TCF001
# astream_events with version= already given as a keyword.
from langchain_core.tools import tool

from app.agents import writer_agent


@tool
async def write_report(topic: str) -> str:
    """Write a report with the writer agent."""
    final = ""
    async for event in writer_agent.astream_events(
        {"messages": [("user", topic)]}, version="v2"
    ):
        if event["event"] == "on_chat_model_end":
            final = event["data"]["output"].content
    return final
