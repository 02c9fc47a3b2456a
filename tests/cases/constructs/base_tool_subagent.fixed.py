# expect: TCF061 TCF022
# _arun takes config, but the sub-agent call under a lock drops it.
import asyncio
from typing import Optional

from langchain.agents import create_agent
from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import BaseTool

from app.tools import browse


class DelegateTool(BaseTool):
    name: str = "delegate"
    description: str = "Hand a browsing task to a sub-agent."
    lock: asyncio.Lock = asyncio.Lock()

    def _run(self, task: str) -> str:
        raise NotImplementedError

    async def _arun(
        self,
        task: str,
        config: RunnableConfig,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
    ) -> str:
        agent = create_agent("openai:gpt-4o-mini", tools=[browse])
        async with self.lock:
            result = await agent.ainvoke({"messages": [{"role": "user", "content": task}]}, config=patch_config(config, callbacks=run_manager.get_child() if run_manager else None))
        return result["messages"][-1].content
