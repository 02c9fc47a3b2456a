# expect: nothing
# A home-made tool decorator defined in the module.
from app.llm import llm

TOOLS = []


def tool(fn):
    TOOLS.append(fn)
    return fn


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
