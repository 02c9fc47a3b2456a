# expect: TCF103 TCF023
# FACTS: an _arun annotation LangChain cannot resolve at run time: nothing is injected, and the required config raises TypeError.
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import BaseTool

from app.llm import llm

if TYPE_CHECKING:
    from langchain_core.callbacks import AsyncCallbackManagerForToolRun


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(
        self,
        query: str,
        config: RunnableConfig,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
    ) -> str:
        return (
            await llm.ainvoke(
                query,
                config=patch_config(
                    config, callbacks=run_manager.get_child() if run_manager else None
                ),
            )
        ).content
