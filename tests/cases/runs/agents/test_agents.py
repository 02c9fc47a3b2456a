# expect: TCF061
# create_agent's own model call streams nothing on Python 3.10, but only under async runs:
# an agent a test runs with .invoke loses nothing; one run with astream_events does.
from langchain.agents import create_agent
from langchain_core.tools import tool


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def test_agent_adds() -> None:
    agent = create_agent("openai:gpt-4o-mini", tools=[add])
    result = agent.invoke({"messages": [("user", "2 + 2?")]})
    assert "4" in result["messages"][-1].content


async def test_agent_streams() -> None:
    agent = create_agent("openai:gpt-4o-mini", tools=[add])
    events = [event async for event in agent.astream_events({"messages": []}, version="v2")]
    assert events
