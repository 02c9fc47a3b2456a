# expect: TCF042 TCF042 TCF042 TCF042 TCF042 TCF042
# Mentioning the config is not forwarding it: each call here drops the node's config.
from langchain_core.runnables import RunnableConfig
from langchain_core.runnables.config import merge_configs
from langgraph.graph import StateGraph

from app.keys import get_api_key
from app.llm import model


async def researcher(state, config: RunnableConfig):
    tuned = model.with_config(
        {"model": state["model"], "api_key": get_api_key(config), "tags": ["researcher"]}
    )
    first = await tuned.ainvoke(state["messages"], config=config)
    second = await model.ainvoke(state["messages"], config=merge_configs(config, {"tags": [config["metadata"]["x"]]}))
    hidden = await model.ainvoke(state["messages"], merge_configs(config, {"tags": ["nostream"]}))
    nothing = await model.ainvoke(state["messages"], config)
    empty = await model.ainvoke(state["messages"], config)
    settings = get_api_key(config)
    third = await model.ainvoke(
        state["messages"], config=merge_configs(config, settings)
    )
    return {"messages": [first, second, hidden, nothing, empty, third]}


builder = StateGraph(dict)
builder.add_node("researcher", researcher)
