"""``construct_base_tool.py`` as ``toolcfg check --fix`` will fix it (written by hand).

``_arun`` takes the injected ``config`` and forwards it patched with
``run_manager.get_child()``, so the model run is filed under the tool run
(docs/facts.md, "Trace nesting"). The runtime matrix runs this file until
toolcfg's own fix writes this form.
"""

from typing import Optional

from langchain_core.callbacks import (
    AsyncCallbackManagerForToolRun,
    CallbackManagerForToolRun,
)
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import BaseTool

# The chat model; replaced at start-up (or by tests).
model = None


class LLMTool(BaseTool):
    """Base class for tools that only run asynchronously."""

    def _run(self, query: str, run_manager: Optional[CallbackManagerForToolRun] = None) -> str:
        raise NotImplementedError(f"{self.name} only runs asynchronously")


class AnswerTool(LLMTool):
    name: str = "answer"
    description: str = "Answer a question with the chat model."

    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        *,
        config: RunnableConfig,
    ) -> str:
        reply = await model.ainvoke(
            query, config=patch_config(config, callbacks=run_manager.get_child())
        )
        return reply.content


answer_tool = AnswerTool()
