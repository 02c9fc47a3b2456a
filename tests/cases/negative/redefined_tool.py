# expect: nothing
# The module imports LangChain's tool, then defines its own `tool`.
from langchain_core.tools import tool

from app.llm import llm

REGISTRY = {}


def tool(fn):
    REGISTRY[fn.__name__] = fn
    return fn


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
