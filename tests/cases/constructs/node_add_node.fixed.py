# expect: TCF041
# builder.add_node("name", fn) on a module-level async node.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph

from app.llm import llm
from app.tools import TOOLS


async def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    response = await llm.bind_tools(TOOLS).ainvoke(state["messages"], config=config)
    return {"messages": [response]}


builder = StateGraph(MessagesState)
builder.add_node("call_model", call_model)
builder.add_edge(START, "call_model")
builder.add_edge("call_model", END)
graph = builder.compile()
