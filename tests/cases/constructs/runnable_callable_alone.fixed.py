# expect: TCF041 TCF041
# RunnableCallable with one function: async runs call it, sync or async.
from langchain_core.runnables import RunnableConfig
from langgraph._internal._runnable import RunnableCallable
from langgraph.graph import StateGraph

from app.llm import model, summarizer


def summarize(state: dict, config: RunnableConfig) -> dict:
    return {"summary": summarizer.invoke(state["messages"], config=config).content}


async def respond(state: dict, config: RunnableConfig) -> dict:
    return {"messages": [await model.ainvoke(state["messages"], config=config)]}


builder = StateGraph(dict)
builder.add_node("summarize", RunnableCallable(summarize, None, name="summarize"))
builder.add_node("respond", RunnableCallable(func=respond))
