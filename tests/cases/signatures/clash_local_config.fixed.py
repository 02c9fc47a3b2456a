# expect: TCF001 TCF061
# A local `config` holds app settings: the new parameter is `run_config`.
from langchain.agents import create_agent
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.settings import subagent_configs


@tool
async def delegate(
    name: str, task: str, run_config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Hand a task to a named sub-agent."""
    config = subagent_configs[name]
    agent = create_agent(config["model"], tools=config["tools"])
    result = await agent.ainvoke(
        {"messages": [{"role": "user", "content": task}]},
        config=patch_config(run_config, callbacks=callbacks),
    )
    return result["messages"][-1].content
