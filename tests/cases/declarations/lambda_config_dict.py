# expect: nothing
# RunnableLambda row "annotation does not matter": config: dict is injected by name.
from langchain_core.runnables import RunnableLambda

from app.llm import llm


def rewrite(question: str, config: dict) -> str:
    return llm.invoke(f"Rewrite: {question}", config=config).content


rewriter = RunnableLambda(rewrite)
