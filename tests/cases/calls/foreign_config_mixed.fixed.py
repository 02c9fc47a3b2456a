# expect: TCF002 TCF002
# One call passes a foreign config (no fix), the other drops config (fixed).
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask_twice(question: str, config: RunnableConfig) -> str:
    """Answer a question, then check the answer."""
    reply = await llm.ainvoke(question, config={"run_name": "answer"})
    check = await llm.ainvoke(f"Is this right? {reply.content}", config=config)
    return check.content
