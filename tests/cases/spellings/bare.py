# expect: TCF001
# @tool, bare, from langchain_core.tools.
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini")


@tool
async def ask(question: str) -> str:
    """Answer a general question."""
    reply = await llm.ainvoke(question)
    return reply.content
