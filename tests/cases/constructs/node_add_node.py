# expect: TCF041
# builder.add_node("name", fn) on a module-level async node.
from langgraph.graph import END, START, MessagesState, StateGraph

from app.llm import llm
from app.tools import TOOLS


async def call_model(state: MessagesState) -> dict:
    response = await llm.bind_tools(TOOLS).ainvoke(state["messages"])
    return {"messages": [response]}


builder = StateGraph(MessagesState)
builder.add_node("call_model", call_model)
builder.add_edge(START, "call_model")
builder.add_edge("call_model", END)
graph = builder.compile()
