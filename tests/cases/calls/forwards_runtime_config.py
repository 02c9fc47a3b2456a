# expect: nothing
# Already forwards: config=runtime.config in a ToolRuntime tool.
from langchain.tools import ToolRuntime, tool

from app.llm import llm


@tool
async def ask(question: str, runtime: ToolRuntime) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=runtime.config)
    return reply.content
