# expect: nothing
from langgraph.graph import StateGraph
from langgraph.prebuilt import ToolNode

from .nodes import planner_node, reader_node
from .tools import TOOLS

builder = StateGraph(dict)
builder.add_node("planner", planner_node)
builder.add_node("reader", reader_node)
builder.add_node("tools", ToolNode(TOOLS))
graph = builder.compile()
