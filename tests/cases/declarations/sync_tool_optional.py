# expect: TCF101
# Tool row "Optional[RunnableConfig] = None is never injected" holds for sync @tool functions too.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
def ask(question: str, config: Optional[RunnableConfig] = None) -> str:
    """Answer a question."""
    return llm.invoke(question, config=config).content
