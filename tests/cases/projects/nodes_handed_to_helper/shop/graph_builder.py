# expect: nothing
# Project helpers that register the node functions their callers hand them: the nodes are
# found where the callers pass them (agents/recommender.py, agents/catalog.py).
from langgraph.graph import StateGraph


def build_graph(node_functions, entry):
    graph = StateGraph(dict)
    for name in node_functions:
        graph.add_node(name, node_functions[name])
    graph.set_entry_point(entry)
    return graph.compile()


def build_from_items(nodes):
    graph = StateGraph(dict)
    for name, fn in nodes.items():
        graph.add_node(name, fn)
    return graph.compile()


def build_recommender(node_functions):
    graph = StateGraph(dict)
    graph.add_node("recommend", node_functions["recommend"])
    return graph.compile()


def build_pipeline(steps):
    graph = StateGraph(dict)
    for step in steps:
        graph.add_node(step.__name__, step)
    return graph.compile()
