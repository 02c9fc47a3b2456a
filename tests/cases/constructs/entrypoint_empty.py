# expect: TCF041
# @entrypoint() on a sync function.
from langgraph.func import entrypoint

from app.llm import llm


@entrypoint()
def review(code: str) -> str:
    return llm.invoke(f"Review this code:\n{code}").content
