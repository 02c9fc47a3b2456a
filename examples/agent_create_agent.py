"""LangChain v1: ``create_agent(model, tools=[])`` with no middleware.

The agent's own model node is LangChain's code: it calls the model without a
config, so on Python 3.9/3.10 ``astream_events`` shows no chat model run and
``stream_mode="messages"`` yields only the final message, not its tokens. User
code cannot forward a config into it; Python 3.11+ streams the tokens.
"""

from langchain.agents import create_agent


def build_agent(model):
    """Build the agent around a chat model (with no tools, any chat model will do)."""
    return create_agent(model, tools=[])


# Set at start-up, e.g. ``agent = build_agent(ChatOpenAI(model="gpt-4o-mini"))``.
agent = None
