# expect: TCF041
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState

from agent.llm import response_model


async def rewrite_question(state: MessagesState, config: RunnableConfig) -> dict:
    """Ask the model for a better question."""
    question = state["messages"][0].content
    response = await response_model.ainvoke(
        f"Improve this question: {question}", config=config
    )
    return {"messages": [{"role": "user", "content": response.content}]}
