# expect: TCF041
# @entrypoint() on a sync function.
from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint()
def review(code: str, config: RunnableConfig) -> str:
    return llm.invoke(f"Review this code:\n{code}", config=config).content
