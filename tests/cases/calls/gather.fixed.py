# expect: TCF001
# Two sub-agents run concurrently in asyncio.gather(...).
import asyncio

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.agents import critic, researcher


@tool
async def research_and_review(
    topic: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Research a topic, and have a critic review the question."""
    found, review = await asyncio.gather(
        researcher.ainvoke(
            {"messages": [("user", topic)]},
            config=patch_config(config, callbacks=callbacks),
        ),
        critic.ainvoke(
            {"messages": [("user", f"Is this a good question? {topic}")]},
            config=patch_config(config, callbacks=callbacks),
        ),
    )
    return found["messages"][-1].content + "\n\n" + review["messages"][-1].content
