# expect: nothing
# CrewAI's @tool decorator.
from crewai.tools import tool

from app.llm import llm


@tool("Ask the model")
async def ask(question: str) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question)
    return reply.content
