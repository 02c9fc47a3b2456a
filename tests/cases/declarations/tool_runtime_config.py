# expect: nothing
# Tool row "ToolRuntime": runtime.config is the caller's config; forwarding it needs no config parameter.
from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime

from app.llm import llm


@tool
async def ask(question: str, runtime: ToolRuntime) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=runtime.config)
    return reply.content
