# expect: nothing
from functools import partial

from langgraph.graph import StateGraph

from viz.agents import viz_agent
from viz.nodes import Presenter, Reviewer, chart, report, visualize

builder = StateGraph(dict)
builder.add_node("visualize", visualize)
builder.add_node("chart", partial(chart, agent=viz_agent))
builder.add_node("report", report)
builder.add_node("review", Reviewer(viz_agent).review)
builder.add_node("present", Presenter(viz_agent))
graph = builder.compile()
