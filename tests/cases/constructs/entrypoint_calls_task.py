# expect: TCF044
# LangGraph's functional-API agent: an @entrypoint that calls @task functions. On Python
# 3.10 every async run fails at the first task call, whatever config is passed: reported
# once, without a fix, and no config is threaded into the tasks.
import asyncio

from langchain_core.messages import ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.func import entrypoint, task
from langgraph.graph.message import add_messages

from app.llm import model
from app.tools import tools

tools_by_name = {tool.name: tool for tool in tools}


@task
async def call_model(messages):
    """Call the model with a sequence of messages."""
    return await model.bind_tools(tools).ainvoke(messages)


@task
async def call_tool(tool_call):
    tool = tools_by_name[tool_call["name"]]
    observation = await tool.ainvoke(tool_call["args"])
    return ToolMessage(content=observation, tool_call_id=tool_call["id"])


@entrypoint(checkpointer=InMemorySaver())
async def agent(messages, previous):
    if previous is not None:
        messages = add_messages(previous, messages)
    llm_response = await call_model(messages)
    while llm_response.tool_calls:
        tool_results = await asyncio.gather(
            *[call_tool(tool_call) for tool_call in llm_response.tool_calls]
        )
        messages = add_messages(messages, [llm_response, *tool_results])
        llm_response = await call_model(messages)
    messages = add_messages(messages, llm_response)
    return entrypoint.final(value=llm_response, save=messages)
