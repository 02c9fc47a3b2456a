# expect: nothing
# The factories sit behind lambdas in a dict, and only the selected ones are called, by key
# in a loop: `create_social_analyst` is never registered.
from langgraph.graph import StateGraph

from trading.analysts import create_market_analyst, create_news_analyst, create_social_analyst


def social_factory(llm):
    return lambda: create_social_analyst(llm)


def setup_graph(llm, toolkit, selected=("market", "news")):
    factories = {
        "market": lambda: create_market_analyst(llm),
        "news": lambda: create_news_analyst(llm, toolkit),
    }
    spare = social_factory(llm)
    workflow = StateGraph(dict)
    for key in selected:
        workflow.add_node(f"{key}_analyst", factories[key]())
    return workflow.compile(), spare
