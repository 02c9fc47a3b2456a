"""A ``BaseTool`` whose ``_arun`` forwards the tool run's child callbacks.

``config={"callbacks": run_manager.get_child()}`` hands the model the
callbacks of the tool's own run: the model's events arrive on every version,
and its run is filed under the tool's run. Passing ``callbacks=`` as a keyword
to ``ainvoke`` instead raises ``TypeError``.
"""

from typing import Optional

from langchain_core.callbacks import (
    AsyncCallbackManagerForToolRun,
    CallbackManagerForToolRun,
)
from langchain_core.tools import BaseTool

# The chat model; replaced at start-up (or by tests).
model = None


class AnswerTool(BaseTool):
    name: str = "answer"
    description: str = "Answer a question with the chat model."

    def _run(
        self, query: str, run_manager: Optional[CallbackManagerForToolRun] = None
    ) -> str:
        reply = model.invoke(query, config={"callbacks": run_manager.get_child()})
        return reply.content

    async def _arun(
        self, query: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        reply = await model.ainvoke(
            query, config={"callbacks": run_manager.get_child()}
        )
        return reply.content


answer_tool = AnswerTool()
