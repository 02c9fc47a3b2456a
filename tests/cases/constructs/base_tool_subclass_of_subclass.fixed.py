# expect: TCF021
# A subclass of a BaseTool subclass of the same module; its _arun reaches the model via self.
from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool
from langchain_core.runnables import RunnableConfig


class LLMTool(BaseTool):
    llm: BaseChatModel

    def _run(self, text: str) -> str:
        raise NotImplementedError("use the async version")


class ClassifyTool(LLMTool):
    name: str = "classify"
    description: str = "Classify a customer message."

    async def _arun(self, text: str, config: RunnableConfig) -> str:
        reply = await self.llm.ainvoke(f"Classify this message: {text}", config=config)
        return reply.content
