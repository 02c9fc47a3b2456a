# expect: TCF041
from app.llm import llm


async def call_model(state):
    return {"messages": [await llm.ainvoke(state["messages"])]}
