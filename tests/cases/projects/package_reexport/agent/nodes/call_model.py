# expect: TCF041
from langgraph.graph import MessagesState

from agent.llm import response_model


async def call_model(state: MessagesState) -> dict:
    """Answer from the retrieved context."""
    response = await response_model.ainvoke(state["messages"])
    return {"messages": [response]}
