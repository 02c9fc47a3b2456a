# expect: TCF041
# A sync node calling .invoke loses the config too.
from typing import TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from app.chains import classifier


class State(TypedDict):
    question: str
    category: str


def classify(state: State, config: RunnableConfig) -> dict:
    category = classifier.invoke({"question": state["question"]}, config=config)
    return {"category": category}


builder = StateGraph(State)
builder.add_node("classify", classify)
builder.add_edge(START, "classify")
builder.add_edge("classify", END)
graph = builder.compile()
