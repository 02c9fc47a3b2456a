# expect: TCF101
# Tool row "Optional[RunnableConfig]" on a sync BaseTool._run without a default: the annotation-only fix is safe.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool

from app.llm import llm


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    def _run(self, query: str, config: RunnableConfig) -> str:
        return llm.invoke(query, config=config).content
