# expect: TCF051
from langchain.agents.middleware import before_model

from app.llm import llm


@before_model
async def rewrite_last(state, runtime):
    rewritten = await llm.ainvoke(state["messages"][-1].content)
    return {"messages": [rewritten]}
