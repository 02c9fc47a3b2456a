# expect: TCF031
# RunnableLambda row "**kwargs alone gets nothing": the forwarding rule adds config before **kwargs.
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm


async def rewrite(question: str, config: RunnableConfig, **kwargs) -> str:
    return (await llm.ainvoke(f"Rewrite: {question}", config=config)).content


rewriter = RunnableLambda(rewrite)
