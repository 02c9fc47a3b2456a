"""Code that toolcfg must not flag: a home-made ``tool`` decorator.

It looks like LangChain's ``@tool``, but it is defined here, like the
``tool`` decorators of CrewAI, smolagents or FastMCP.
"""


def tool(fn):
    """Register fn as a tool (a stand-in for a non-LangChain framework)."""
    return fn


# The chat model; replaced at start-up (or by tests).
model = None


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await model.ainvoke(question)
    return reply.content
