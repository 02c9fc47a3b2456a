# expect: TCF023
# Tool row "BaseTool: config on _arun next to run_manager": keyword-only config: RunnableConfig is injected. Forwarding the config the tool was called with files its inner run beside the tool's run (TCF023).
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig, patch_config
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
        *,
        config: RunnableConfig,
    ) -> str:
        return (
            await llm.ainvoke(
                query,
                config=patch_config(
                    config, callbacks=run_manager.get_child() if run_manager else None
                ),
            )
        ).content
