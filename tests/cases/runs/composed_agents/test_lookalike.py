# expect: TCF061
# A project function that shares create_swarm's name builds who knows what: the agent
# handed to it may be run anywhere.
from langchain.agents import create_agent


def create_swarm(agents):
    return agents[0]


def test_lookalike() -> None:
    alice = create_agent("openai:gpt-4o-mini", tools=[], name="Alice")
    app = create_swarm([alice])
    assert app.invoke({"messages": []})
