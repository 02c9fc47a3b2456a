"""``construct_middleware_hook.py`` with its hooks fixed (written by hand).

Each hook takes ``config: Optional[RunnableConfig] = None``, which LangGraph
injects by name because hooks run as nodes, and forwards it to the model. The
default keeps the override compatible with ``AgentMiddleware``'s signature.
This brings the hooks' events back on Python 3.9/3.10; the agent's own model
call stays lost there (see ``agent_create_agent.py``). toolcfg does not report
middleware hooks yet, so the runtime matrix runs this hand-fixed file.
"""

from typing import Any, Optional

from langchain.agents import AgentState, create_agent
from langchain.agents.middleware import AgentMiddleware
from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime


class ReviewMiddleware(AgentMiddleware):
    """Has a chat model review the conversation before the model and after the agent."""

    def __init__(self, llm: Any) -> None:
        super().__init__()
        self.llm = llm

    async def abefore_model(
        self, state: AgentState, runtime: Runtime, config: Optional[RunnableConfig] = None
    ) -> Optional[dict]:
        await self.llm.ainvoke(["Is this request allowed?", *state["messages"]], config=config)
        return None

    async def aafter_agent(
        self, state: AgentState, runtime: Runtime, config: Optional[RunnableConfig] = None
    ) -> Optional[dict]:
        await self.llm.ainvoke(["Review the answer.", *state["messages"]], config=config)
        return None


def build_agent(model):
    """Build the agent; its middleware reviews with the same chat model."""
    return create_agent(model, tools=[], middleware=[ReviewMiddleware(model)])


# Set at start-up, e.g. ``agent = build_agent(ChatOpenAI(model="gpt-4o-mini"))``.
agent = None
