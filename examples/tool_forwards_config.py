"""The measured defect: a tool that forwards the config it was called with.

LangChain injects into a tool the config the tool was *called with*, not the
tool run's child config. A tool that forwards ``config=config`` therefore gets
its model's events back on Python 3.9/3.10, but files the model run beside the
tool run instead of under it, on every Python and langchain-core version
(docs/facts.md, "Trace nesting"). Lambdas and LangGraph nodes receive the child
config, so ``config=config`` nests correctly there.

Three spellings of a tool, each forwarding ``config=config``: a ``@tool``
function, a ``StructuredTool`` coroutine and a ``BaseTool._arun``.
"""

from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool, tool

# The chat model; replaced at start-up (or by tests).
model = None


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question with the chat model."""
    reply = await model.ainvoke(question, config=config)
    return reply.content


async def asummarize(text: str, config: RunnableConfig) -> str:
    """Summarise a piece of text."""
    reply = await model.ainvoke(f"Summarise: {text}", config=config)
    return reply.content


summarize_tool = StructuredTool.from_function(
    coroutine=asummarize, name="summarize", description="Summarise a piece of text."
)


class AnswerTool(BaseTool):
    name: str = "answer"
    description: str = "Answer a question with the chat model."

    def _run(self, query: str) -> str:
        raise NotImplementedError(f"{self.name} only runs asynchronously")

    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        *,
        config: RunnableConfig,
    ) -> str:
        reply = await model.ainvoke(query, config=config)
        return reply.content


answer_tool = AnswerTool()
