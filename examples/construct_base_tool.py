"""Construct: a ``BaseTool`` subclass of a ``BaseTool`` subclass.

``LLMTool`` is a project-wide base class; ``AnswerTool`` derives from it and
implements ``_arun``, which awaits the chat model without forwarding the
config (toolcfg reports TCF021). Every annotation of ``_arun`` is imported at
run time, as LangChain needs to resolve them to inject a config.
"""

from typing import Optional

from langchain_core.callbacks import (
    AsyncCallbackManagerForToolRun,
    CallbackManagerForToolRun,
)
from langchain_core.tools import BaseTool

# The chat model; replaced at start-up (or by tests).
model = None


class LLMTool(BaseTool):
    """Base class for tools that only run asynchronously."""

    def _run(
        self, query: str, run_manager: Optional[CallbackManagerForToolRun] = None
    ) -> str:
        raise NotImplementedError(f"{self.name} only runs asynchronously")


class AnswerTool(LLMTool):
    name: str = "answer"
    description: str = "Answer a question with the chat model."

    async def _arun(
        self, query: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        reply = await model.ainvoke(query)
        return reply.content


answer_tool = AnswerTool()
