# expect: TCF041 TCF041
# RunnableCallable with one function: async runs call it, sync or async.
from langgraph._internal._runnable import RunnableCallable
from langgraph.graph import StateGraph

from app.llm import model, summarizer


def summarize(state: dict) -> dict:
    return {"summary": summarizer.invoke(state["messages"]).content}


async def respond(state: dict) -> dict:
    return {"messages": [await model.ainvoke(state["messages"])]}


builder = StateGraph(dict)
builder.add_node("summarize", RunnableCallable(summarize, None, name="summarize"))
builder.add_node("respond", RunnableCallable(func=respond))
