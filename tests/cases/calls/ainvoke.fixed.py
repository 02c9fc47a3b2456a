# expect: TCF001
# A sub-agent as a tool: await agent.ainvoke({"messages": [...]}).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool
from langgraph.prebuilt import create_react_agent

from app.llm import llm
from app.tools import search

researcher = create_react_agent(llm, [search])


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
