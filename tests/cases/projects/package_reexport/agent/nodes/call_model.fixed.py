# expect: TCF041
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState

from agent.llm import response_model


async def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    """Answer from the retrieved context."""
    response = await response_model.ainvoke(state["messages"], config=config)
    return {"messages": [response]}
