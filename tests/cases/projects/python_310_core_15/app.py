# expect: TCF041
# Python 3.10 with langchain-core 1.5+: tools and lambdas get their config back from the core, graph nodes still lose it.
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool
from langgraph.graph import StateGraph

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await llm.ainvoke(question)).content


async def rewrite(question: str) -> str:
    return (await llm.ainvoke(question)).content


rewriter = RunnableLambda(rewrite)


async def agent(state):
    return {"messages": [await llm.ainvoke(state["messages"])]}


builder = StateGraph(dict)
builder.add_node("agent", agent)
