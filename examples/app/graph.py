"""The graph: plan, look the plan up with the tools, summarise."""

from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from .nodes import planner_node, summarize_node
from .tools import TOOLS


def build_graph():
    builder = StateGraph(MessagesState)
    builder.add_node("planner", planner_node)
    builder.add_node("tools", ToolNode(TOOLS))
    builder.add_node("summarize", summarize_node)
    builder.add_edge(START, "planner")
    builder.add_edge("planner", "tools")
    builder.add_edge("tools", "summarize")
    builder.add_edge("summarize", END)
    return builder.compile()


graph = build_graph()
