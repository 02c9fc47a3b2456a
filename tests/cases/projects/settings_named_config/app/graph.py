# expect: nothing
# networkx's add_node, in a module that also builds a LangGraph graph.
import networkx as nx
from langgraph.graph import StateGraph

from app.nodes import agent, digest, draft, explain


async def plan_step(state):
    return state


dag = nx.DiGraph()
dag.add_node("plan", plan_step)

builder = StateGraph(dict)
builder.add_node("agent", agent)
builder.add_node("draft", draft)
builder.add_node("explain", explain)
builder.add_node("digest", digest)
