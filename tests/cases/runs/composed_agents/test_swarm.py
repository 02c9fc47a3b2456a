# expect: TCF061
# Agents handed to create_swarm or create_supervisor run as the graph those build is run
# (langgraph-swarm's own tests: compiled, then only .invoke): nothing is lost. One whose
# supervisor graph is streamed with astream loses the config of its model calls.
import langgraph_swarm
from langchain.agents import create_agent
from langgraph_supervisor import create_supervisor as supervise
from langgraph_swarm import create_handoff_tool, create_swarm


def test_swarm_hands_off() -> None:
    alice = create_agent("openai:gpt-4o-mini", tools=[create_handoff_tool(agent_name="Bob")])
    bob = create_agent("openai:gpt-4o-mini", tools=[], name="Bob")
    app = create_swarm([alice, bob], default_active_agent="Alice").compile()
    assert app.invoke({"messages": [("user", "hi")]})


def test_swarm_by_module_and_keyword() -> None:
    alice = create_agent("openai:gpt-4o-mini", tools=[], name="Alice")
    workflow = langgraph_swarm.create_swarm(agents=[alice], default_active_agent="Alice")
    for chunk in workflow.compile().stream({"messages": []}):
        assert chunk


async def test_supervisor_streams() -> None:
    writer = create_agent("openai:gpt-4o-mini", tools=[], name="writer")
    app = supervise([writer], model="openai:gpt-4o-mini").compile()
    async for chunk in app.astream({"messages": []}, stream_mode="messages"):
        assert chunk
