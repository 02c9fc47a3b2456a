# expect: TCF101
# Tool row "Optional[RunnableConfig] = None" on BaseTool._arun after run_manager=None: keyword-only move, unsafe (no .fixed.py).
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool

from app.llm import llm


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        config: Optional[RunnableConfig] = None,
    ) -> str:
        return (await llm.ainvoke(query, config=config)).content
