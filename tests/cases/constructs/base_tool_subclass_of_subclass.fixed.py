# expect: TCF021
# A subclass of a BaseTool subclass of the same module; its _arun reaches the model via self.
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import BaseTool


class LLMTool(BaseTool):
    llm: BaseChatModel

    def _run(self, text: str) -> str:
        raise NotImplementedError("use the async version")


class ClassifyTool(LLMTool):
    name: str = "classify"
    description: str = "Classify a customer message."

    async def _arun(
        self,
        text: str,
        config: RunnableConfig,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
    ) -> str:
        reply = await self.llm.ainvoke(
            f"Classify this message: {text}",
            config=patch_config(
                config, callbacks=run_manager.get_child() if run_manager else None
            ),
        )
        return reply.content
