# expect: TCF031
# @chain on an async function with default arguments: config goes keyword-only.
from langchain_core.runnables import RunnableConfig, chain

from app.llm import llm


@chain
async def critique(draft: str, rounds: int = 2, *, config: RunnableConfig) -> str:
    for _ in range(rounds):
        draft = (
            await llm.ainvoke(f"Improve this draft:\n{draft}", config=config)
        ).content
    return draft
