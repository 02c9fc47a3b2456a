# expect: TCF042
# An async-generator node is a RunnableLambda: its `config` is injected by name whatever the
# annotation (no TCF105), and the call that does not forward it is reported as lambdas' are.
from typing import Any, Dict

from langgraph.graph import StateGraph

from app.llm import llm
from app.state import State


async def stream_answer(state: State, config: Dict[str, Any] = None):
    yield {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(State)
builder.add_node("answer", stream_answer)
