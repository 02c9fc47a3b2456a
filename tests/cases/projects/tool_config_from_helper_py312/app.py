# expect: TCF003
# On Python 3.12 nothing is lost, but a tool forwarding a config a project helper builds
# from `runtime.config` still files the sub-agent's run beside its own.
from langchain.agents import create_agent
from langchain.tools import ToolRuntime, tool
from langchain_openai import ChatOpenAI

model = ChatOpenAI(model="gpt-4o-mini")
subagent = create_agent(model, tools=[])


def sub_config(runtime):
    return {**runtime.config, "recursion_limit": 50}


@tool
async def delegate(task: str, runtime: ToolRuntime) -> str:
    """Hand a task to the sub-agent."""
    result = await subagent.ainvoke({"messages": [task]}, config=sub_config(runtime))
    return result["messages"][-1].content


agent = create_agent(model, tools=[delegate])
