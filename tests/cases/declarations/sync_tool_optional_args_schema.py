# expect: nothing
# A sync tool keeps its context on every version: passing on its never-injected
# Optional[RunnableConfig] = None passes None, and the inner call gets the tool's own config
# from the context. With an explicit args_schema the parameter does not leak either.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool
from pydantic import BaseModel

from app.llm import llm


class Question(BaseModel):
    question: str


@tool(args_schema=Question)
def ask(question: str, config: Optional[RunnableConfig] = None) -> str:
    """Answer a question."""
    return llm.invoke(question, config=config).content
