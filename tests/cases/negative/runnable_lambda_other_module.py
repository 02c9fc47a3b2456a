# expect: nothing
# A RunnableLambda and chain from a home-made module are not LangChain's.
from app.pipeline import RunnableLambda, chain

from app.llm import llm


async def clean(text: str) -> str:
    return (await llm.ainvoke(f"Fix the typos in: {text}")).content


@chain
async def shorten(text: str) -> str:
    return (await llm.ainvoke(f"Shorten: {text}")).content


cleaner = RunnableLambda(clean)
