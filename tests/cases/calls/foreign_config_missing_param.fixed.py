# expect: TCF001 TCF002
# No config parameter: the dropping call is fixed, the foreign one only reported.
from langchain_core.tools import tool

from app.llm import llm
from langchain_core.runnables import RunnableConfig


@tool
async def ask_twice(question: str, config: RunnableConfig) -> str:
    """Answer a question, then check the answer."""
    reply = await llm.ainvoke(question, config=config)
    check = await llm.ainvoke(f"Is this right? {reply.content}", config={"run_name": "check"})
    return check.content
