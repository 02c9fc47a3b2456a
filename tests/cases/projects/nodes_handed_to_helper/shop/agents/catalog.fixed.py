# expect: TCF041 TCF041
# A wrapper of the helper two calls away: `Catalog` keeps the nodes it is given on `self`,
# and `make_catalog` adds the ones its caller passes (agents/main.py).
from langchain_core.runnables import RunnableConfig

from shop.graph_builder import build_graph
from shop.llm import llm


async def search(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


class Catalog:
    def __init__(self, nodes):
        self.nodes = nodes

    def compile(self):
        return build_graph(self.nodes, entry="search")


def make_catalog(extra):
    return Catalog({"search": search, **extra})


async def describe(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


catalog = make_catalog({"describe": describe}).compile()
