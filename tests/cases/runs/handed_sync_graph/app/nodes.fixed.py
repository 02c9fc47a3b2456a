# expect: TCF041
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState

from app.llm import llm


def call_model(state: MessagesState) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}


def call_model_async_run(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [llm.invoke(state["messages"], config=config)]}
