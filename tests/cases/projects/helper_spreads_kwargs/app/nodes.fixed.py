# expect: TCF041 TCF041
from langchain_core.runnables import RunnableConfig

from app.llm import llm
from app.retry import ainvoke_with_retry, summarise_with_retry


async def answer(state, config: RunnableConfig):
    reply = await ainvoke_with_retry(llm, state["messages"], retries=5, config=config)
    return {"messages": [reply]}


async def condense(state, config: RunnableConfig):
    return {
        "messages": [await summarise_with_retry(llm, state["messages"], config=config)]
    }
