# expect: TCF041 TCF041 TCF041 TCF041 TCF041
# Nodes handed to project helpers in a dict (read by key in a loop, by a constant key, and
# through .items()) and in a list; `ranked` is handed under a key the helper never reads.
from langchain_core.runnables import RunnableConfig

from shop.graph_builder import build_from_items, build_graph, build_pipeline, build_recommender
from shop.llm import llm


async def recommend(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def explain(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def summarize(state, config: RunnableConfig):
    return {"summary": (await llm.ainvoke(state["messages"], config=config)).content}


async def shortlist(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


async def ranked(state):
    return {"messages": [await llm.ainvoke(state["messages"])]}


async def gather(state, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


graph = build_graph(node_functions={"recommend": recommend, "explain": explain}, entry="recommend")
summaries = build_from_items({"summarize": summarize})
shortlister = build_recommender({"recommend": shortlist, "ranked": ranked})
pipeline = build_pipeline([gather])
