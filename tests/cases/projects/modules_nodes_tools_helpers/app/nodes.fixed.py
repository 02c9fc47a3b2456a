# expect: TCF041 TCF042
from langchain_core.runnables import RunnableConfig

from app.llm import llm
from app.helpers import summarize_page


async def planner_node(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def reader_node(state, config: RunnableConfig):
    summary = await summarize_page(llm, state["page"], config=config)
    return {"summary": summary}
