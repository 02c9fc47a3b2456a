"""Construct: LangChain v1 ``AgentMiddleware`` node hooks that call a model.

``abefore_model`` and ``aafter_agent`` run as LangGraph nodes of the agent's
graph. Each awaits a chat model without a config, so on Python 3.9/3.10 the
model's events and message chunks are lost. LangGraph finds a hook's config by
the parameter *name* ``config``, as for any node.
"""

from typing import Any, Optional

from langchain.agents import AgentState, create_agent
from langchain.agents.middleware import AgentMiddleware
from langgraph.runtime import Runtime


class ReviewMiddleware(AgentMiddleware):
    """Has a chat model review the conversation before the model and after the agent."""

    def __init__(self, llm: Any) -> None:
        super().__init__()
        self.llm = llm

    async def abefore_model(
        self, state: AgentState, runtime: Runtime
    ) -> Optional[dict]:
        await self.llm.ainvoke(["Is this request allowed?", *state["messages"]])
        return None

    async def aafter_agent(self, state: AgentState, runtime: Runtime) -> Optional[dict]:
        await self.llm.ainvoke(["Review the answer.", *state["messages"]])
        return None


def build_agent(model):
    """Build the agent; its middleware reviews with the same chat model."""
    return create_agent(model, tools=[], middleware=[ReviewMiddleware(model)])


# Set at start-up, e.g. ``agent = build_agent(ChatOpenAI(model="gpt-4o-mini"))``.
agent = None
