# expect: TCF021
# BaseTool._arun with run_manager and **kwargs: config goes keyword-only, before **kwargs.
from typing import Any, Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import BaseTool

from app.llm import llm


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web and summarise the results."

    def _run(self, query: str, run_manager: Optional[CallbackManagerForToolRun] = None, **kwargs: Any) -> str:
        return llm.invoke(f"Search for {query}").content

    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        *,
        config: RunnableConfig,
        **kwargs: Any,
    ) -> str:
        reply = await llm.ainvoke(
            f"Search for {query}",
            config=patch_config(
                config, callbacks=run_manager.get_child() if run_manager else None
            ),
        )
        return reply.content
