# expect: TCF021
# run_manager's type is imported only under TYPE_CHECKING: LangChain would inject nothing, so no fix.
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from langchain_core.tools import BaseTool

from app.llm import llm

if TYPE_CHECKING:
    from langchain_core.callbacks import AsyncCallbackManagerForToolRun


class SummarizeTool(BaseTool):
    name: str = "summarize"
    description: str = "Summarise a document."

    def _run(self, text: str) -> str:
        raise NotImplementedError

    async def _arun(self, text: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None) -> str:
        reply = await llm.ainvoke(f"Summarise:\n{text}")
        return reply.content
