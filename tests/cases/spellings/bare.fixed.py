# expect: TCF001
# @tool, bare, from langchain_core.tools.
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langchain_core.runnables import RunnableConfig

llm = ChatOpenAI(model="gpt-4o-mini")


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a general question."""
    reply = await llm.ainvoke(question, config=config)
    return reply.content
