# expect: TCF041
from langgraph.graph import MessagesState

from agent.llm import response_model


async def rewrite_question(state: MessagesState) -> dict:
    """Ask the model for a better question."""
    question = state["messages"][0].content
    response = await response_model.ainvoke(f"Improve this question: {question}")
    return {"messages": [{"role": "user", "content": response.content}]}
