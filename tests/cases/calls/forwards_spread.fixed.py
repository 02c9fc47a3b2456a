# expect: TCF003
# Forwards the config (no TCF002): {**config, "recursion_limit": 50}. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.agents import researcher


@tool
async def research(
    topic: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Research a topic with the research agent."""
    result = await researcher.ainvoke(
        {"messages": [("user", topic)]},
        config=patch_config(config, callbacks=callbacks),
    )
    return result["messages"][-1].content
