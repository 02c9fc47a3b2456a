# expect: TCF042
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState

from agent.llm import response_model


async def generate_query(state: MessagesState, config: RunnableConfig) -> dict:
    """Decide whether to retrieve, or answer the user straight away."""
    response = await response_model.ainvoke(state["messages"])
    return {"messages": [response]}
