# expect: TCF012
# A sub-agent as a tool coroutine: the tool has config but the agent call drops it.
import asyncio

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool
from langgraph.prebuilt import create_react_agent

from app.llm import llm
from app.tools import web_search

research_agent = create_react_agent(llm, [web_search])


async def research(
    topic: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Research a topic with a sub-agent."""
    result = await asyncio.wait_for(
        research_agent.ainvoke(
            {"messages": [{"role": "user", "content": topic}]},
            config=patch_config(config, callbacks=callbacks),
        ),
        timeout=120,
    )
    return result["messages"][-1].content


research_tool = StructuredTool.from_function(coroutine=research, name="research")
