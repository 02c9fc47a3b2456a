# expect: nothing
# A sync LangChain tool: the config reaches .invoke on its own.
from langchain_core.tools import tool

from app.llm import llm


@tool
def ask(question: str) -> str:
    """Answer a question."""
    return llm.invoke(question).content
