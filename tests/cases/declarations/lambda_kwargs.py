# expect: TCF031
# RunnableLambda row "**kwargs alone gets nothing": the forwarding rule adds config before **kwargs.
from langchain_core.runnables import RunnableLambda

from app.llm import llm


async def rewrite(question: str, **kwargs) -> str:
    return (await llm.ainvoke(f"Rewrite: {question}")).content


rewriter = RunnableLambda(rewrite)
