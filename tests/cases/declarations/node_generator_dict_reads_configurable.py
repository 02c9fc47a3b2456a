# expect: nothing
# An async-generator node is a RunnableLambda, which injects `config` by name whatever its
# annotation: `config: Dict[str, Any]` receives the caller's config on every langgraph release.
from typing import Any, Dict

from langgraph.graph import StateGraph

from app.state import State


async def load_user(state: State, config: Dict[str, Any]):
    yield {"user_id": config["configurable"]["user_id"]}


builder = StateGraph(State)
builder.add_node("load_user", load_user)
