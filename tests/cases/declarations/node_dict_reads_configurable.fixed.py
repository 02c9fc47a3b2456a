# expect: TCF105
# LangGraph node row "config: dict fails", in a node that only reads config["configurable"] (no runnable call).
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from app.state import State


def load_user(state: State, config: RunnableConfig) -> dict:
    return {"user_id": config["configurable"]["user_id"]}


builder = StateGraph(State)
builder.add_node("load_user", load_user)
