# expect: TCF041
# from __future__ import annotations with RunnableConfig imported only under TYPE_CHECKING:
# the fix adds a run-time import and the bare annotation.
from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


def grade(state: MessagesState, config: RunnableConfig) -> dict:
    # Grade the last answer before it reaches the user.
    verdict = llm.invoke(
        f"Grade this answer: {state['messages'][-1].content}", config=config
    )
    return {"grade": verdict.content}


builder = StateGraph(MessagesState)
builder.add_node("grade", grade)
