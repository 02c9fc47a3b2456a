# expect: TCF041 TCF041
# LangGraph's own RunnableCallable(func, afunc) runs its functions as nodes. Async runs
# call aplan only, but RunnableCallable passes `config` to either function only if
# plan takes it: a fix that gives aplan one must give plan one too.
from langchain_core.runnables import RunnableConfig
from langgraph._internal._runnable import RunnableCallable
from langgraph.graph import StateGraph

from app.llm import model


def plan(state, config: RunnableConfig):
    return {"messages": [model.invoke(state["messages"], config=config)]}


async def aplan(state, config: RunnableConfig):
    return {"messages": [await model.ainvoke(state["messages"], config=config)]}


builder = StateGraph(dict)
builder.add_node("plan", RunnableCallable(plan, aplan))
