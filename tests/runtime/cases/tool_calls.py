"""Tools whose inner call keeps its events without a ``RunnableConfig`` parameter.

A sync ``@tool`` function calling ``.invoke`` keeps them on every version, and a
``BaseTool._arun`` forwarding ``config={"callbacks": run_manager.get_child()}``
keeps them and files the model run under the tool run (docs/facts.md).
"""

# Annotations evaluated at run time, as LangChain reads them.
# ruff: noqa: FA100

from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.tools import BaseTool, tool

# The chat model; replaced by the probe.
model = None


@tool
def sync_ask(question: str) -> str:
    """Answer a question with the chat model."""
    return model.invoke(question).content


class ChildCallbacksTool(BaseTool):
    name: str = "child_callbacks"
    description: str = "Answer a question with the chat model."

    def _run(self, question: str) -> str:
        raise NotImplementedError(f"{self.name} only runs asynchronously")

    async def _arun(
        self, question: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        reply = await model.ainvoke(question, config={"callbacks": run_manager.get_child()})
        return reply.content


child_callbacks_tool = ChildCallbacksTool()
