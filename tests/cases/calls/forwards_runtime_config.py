# expect: TCF003
# Forwards the config (no TCF002): config=runtime.config in a ToolRuntime tool. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF003).
from langchain.tools import ToolRuntime, tool

from app.llm import llm


@tool
async def ask(question: str, runtime: ToolRuntime) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=runtime.config)
    return reply.content
