# expect: nothing
from langgraph.graph import MessagesState, StateGraph

from app.nodes import answer, condense

builder = StateGraph(MessagesState)
builder.add_node("answer", answer)
builder.add_node("condense", condense)
graph = builder.compile()
