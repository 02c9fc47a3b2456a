# expect: TCF002
# A ToolRuntime parameter already carries the config: forward runtime.config.
from langchain.tools import ToolRuntime, tool

from app.llm import llm


@tool
async def ask(question: str, runtime: ToolRuntime) -> str:
    """Answer a question for the current user."""
    user = runtime.context.user_name
    reply = await llm.ainvoke(f"{user} asks: {question}", config=runtime.config)
    return reply.content
