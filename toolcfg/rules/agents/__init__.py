"""LangChain v1's ``create_agent`` (TCF061): on Python 3.10 the agent's own model call
streams nothing, and user code cannot forward a config into it (docs/facts.md,
"LangChain v1 agents")."""

from __future__ import annotations

from toolcfg.rules.base import FixAvailability, Rule, wrap
from toolcfg.rules.nodes import LOST

CREATE_AGENT = Rule(
    code="TCF061",
    name="create-agent-not-streamed",
    summary="`create_agent`'s own model call streams nothing on Python 3.10",
    messages={
        "agent": "`{call}` builds an agent whose model calls stream no tokens and no "
        "`on_chat_model_*` events{when}: its model node drops the config (Python 3.11+, or "
        "a graph built by hand whose model node forwards `config`, avoids it)",
    },
    what=wrap(
        "Reports each call of `langchain.agents.create_agent(...)` in a project that can run "
        "on Python 3.9 or 3.10."
    ),
    why="""\
The agent's model node calls the model without a config. On Python 3.10 the config does
not travel with the task, so the agent's own model calls are invisible to the caller:
`astream_events()` shows no `on_chat_model_start`, and `stream_mode="messages"` yields the
final message only, no tokens. Measured with langchain 1.4.7 (the newest that installs on
Python 3.10), langchain-core 1.7.2 and langgraph 1.2.24, with no middleware at all. It is
an open LangChain issue ("astream is not sending token in python 3.10"), and no change to
the code around the call can forward a config into it.""",
    example="""\
from langchain.agents import create_agent

agent = create_agent(model, tools=[search])
""",
    use_instead="""\
# On Python 3.11+, create_agent as it is. On 3.10, a graph whose model node forwards config:
from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, MessagesState, StateGraph


async def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [await model.bind_tools([search]).ainvoke(state["messages"], config)]}


builder = StateGraph(MessagesState)
builder.add_node("model", call_model)
builder.add_edge(START, "model")
agent = builder.compile()
""",
    fix_safety="No fix is offered: only Python 3.11, or a graph built by hand, avoids it.",
    fix_availability=FixAvailability.NONE,
    condition=LOST,
)

RULES = (CREATE_AGENT,)
