# expect: nothing
# A sync node in a graph a test builds and runs with .invoke and .stream: the config stays in
# the context of a sync run, on every Python (docs/facts.md, "How the function is run").
from langgraph.graph import START, MessagesState, StateGraph

from app.helpers import ask


def call_model(state: MessagesState) -> dict:
    return {"messages": [ask(state["messages"])]}


def test_agent_answers() -> None:
    builder = StateGraph(MessagesState)
    builder.add_node("agent", call_model)
    builder.add_edge(START, "agent")
    app = builder.compile()
    result = app.invoke({"messages": [("user", "hi")]})
    assert result["messages"][-1].content == "hello"
    for chunk, _ in app.stream({"messages": [("user", "hi")]}, stream_mode="messages"):
        assert chunk.content
