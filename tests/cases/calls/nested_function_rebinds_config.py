# expect: TCF002 TCF002
# Nested functions with their own `config`: there, `config=config` would pass something
# else, so the finding has no fix.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.models import llm


@tool
async def outer(question: str, config: RunnableConfig) -> str:
    """Answer with a helper."""

    async def ask(text, config):
        return await llm.ainvoke(text)

    async def ask_cold(text):
        config = {"temperature": 0}
        return await llm.ainvoke(text)

    return (await ask(question, {"k": 1})).content + (await ask_cold(question)).content
