# expect: TCF041
from langgraph.graph import MessagesState

from app.llm import llm


def call_model(state: MessagesState) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}


def call_model_async_run(state: MessagesState) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}
