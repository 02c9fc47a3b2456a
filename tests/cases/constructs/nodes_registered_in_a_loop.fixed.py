# expect: TCF041 TCF041 TCF041 TCF041
# Nodes registered in loops over a dict's items, a list and enumerate(); `unused` is in none.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm


async def researcher(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def writer(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def editor(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def critic(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def unused(state):
    return {"messages": [await llm.ainvoke(state["messages"])]}


NODES = {"researcher": researcher, "writer": writer}
b = StateGraph(dict)
for name, fn in NODES.items():
    b.add_node(name, fn)
for fn in [editor]:
    b.add_node(fn.__name__, fn)
for i, step in enumerate((critic,)):
    b.add_node(f"step{i}", step)
for key, value in {"x": 1}.items():
    print(key, value)
