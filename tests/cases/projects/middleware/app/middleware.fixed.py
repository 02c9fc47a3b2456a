# expect: TCF051 TCF053 TCF052
from typing import Optional

from langchain.agents.middleware import AgentMiddleware
from langchain_core.runnables import RunnableConfig


class Summarize(AgentMiddleware):
    def __init__(self, llm):
        super().__init__()
        self.llm = llm

    async def abefore_model(
        self, state, runtime, config: Optional[RunnableConfig] = None
    ):
        summary = await self.llm.ainvoke(state["messages"], config=config)
        return {"messages": [summary]}

    async def awrap_model_call(self, request, handler):
        verdict = await self.llm.ainvoke(request.messages)
        return await handler(request)

    async def aafter_model(self, state, runtime, config: Optional[RunnableConfig] = None):
        note = await self.llm.ainvoke(state["messages"], config=config)
        return {"messages": [note]}
