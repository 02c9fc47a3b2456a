# expect: TCF001
# The model is an attribute: self.llm.ainvoke inside a tool built by a method.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool


class SupportAgent:
    def __init__(self, llm):
        self.llm = llm

    def tools(self):
        @tool
        async def answer_ticket(
            ticket: str, config: RunnableConfig, callbacks: Callbacks = None
        ) -> str:
            """Answer a support ticket."""
            reply = await self.llm.ainvoke(
                f"Answer this ticket: {ticket}",
                config=patch_config(config, callbacks=callbacks),
            )
            return reply.content

        return [answer_ticket]
