# expect: TCF104
# A nested function's default reads the parameter: the rename reaches it, and leaves the nested function's own `cfg` alone.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.llm import llm


async def agent(state, config: RunnableConfig):
    def ask(question, cfg=config):
        return llm.invoke(question, config=cfg)

    return {"messages": [ask(state["messages"])]}


builder = StateGraph(dict)
builder.add_node("agent", agent)
