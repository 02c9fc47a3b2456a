# expect: nothing
from langgraph.graph import StateGraph

from app.nodes import call_model

builder = StateGraph(dict)
builder.add_node("model", call_model)
