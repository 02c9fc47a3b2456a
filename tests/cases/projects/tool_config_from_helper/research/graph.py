# expect: nothing
from langgraph.graph import StateGraph
from langgraph.prebuilt import ToolNode

from research.nodes import answer
from research.tools import research, search_docs, tagged

builder = StateGraph(dict)
builder.add_node("answer", answer)
builder.add_node("tools", ToolNode([research, search_docs, tagged]))
graph = builder.compile()
