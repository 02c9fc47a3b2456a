# expect: TCF041 TCF041
from app.llm import llm
from app.retry import ainvoke_with_retry, summarise_with_retry


async def answer(state):
    reply = await ainvoke_with_retry(llm, state["messages"], retries=5)
    return {"messages": [reply]}


async def condense(state):
    return {"messages": [await summarise_with_retry(llm, state["messages"])]}
