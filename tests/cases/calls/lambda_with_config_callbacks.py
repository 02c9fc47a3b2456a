# expect: nothing
# In a RunnableLambda, .with_config(callbacks=config.get("callbacks")) passes the lambda's
# callbacks on, as config=config would.
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm


async def rewrite(question: str, config: RunnableConfig) -> str:
    model = llm.with_config(callbacks=config.get("callbacks") or [])
    return (await model.ainvoke(f"Rewrite: {question}")).content


rewriter = RunnableLambda(rewrite)
