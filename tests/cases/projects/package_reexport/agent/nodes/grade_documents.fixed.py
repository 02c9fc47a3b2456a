# expect: TCF041
from typing import Literal

from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState
from pydantic import BaseModel, Field

from agent.llm import grader_model


class GradeDocuments(BaseModel):
    binary_score: str = Field(description="'yes' if relevant, or 'no' if not relevant")


async def grade_documents(state: MessagesState, config: RunnableConfig) -> Literal["call_model", "rewrite_question"]:
    """Route on whether the retrieved documents answer the question."""
    question = state["messages"][0].content
    context = state["messages"][-1].content
    grade = await grader_model.with_structured_output(GradeDocuments).ainvoke(
        [{"role": "user", "content": f"Question: {question}\n\nDocuments: {context}"}],
        config=config,
    )
    return "call_model" if grade.binary_score == "yes" else "rewrite_question"
