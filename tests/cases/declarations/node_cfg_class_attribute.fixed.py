# expect: TCF104
# A nested class binds its own `cfg`, read as `Options.cfg`: only the parameter and its uses are renamed.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm


async def agent(state, config: RunnableConfig):
    class Options:
        cfg = {"mode": "fast"}

    reply = await llm.ainvoke(state["messages"], config=config)
    return {"messages": [reply], "mode": Options.cfg["mode"]}


builder = StateGraph(dict)
builder.add_node("agent", agent)
