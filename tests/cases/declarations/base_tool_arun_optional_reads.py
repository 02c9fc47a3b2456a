# expect: TCF101
# _arun reads from its Optional[RunnableConfig] = None, which is never injected: that fails on
# every version. Its parameters never show up in the args schema (a BaseTool builds it from _run).
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool

from app.users import lookup


class ProfileTool(BaseTool):
    name: str = "profile"
    description: str = "Look up the user's profile."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(self, query: str, config: Optional[RunnableConfig] = None) -> str:
        return await lookup(config["configurable"]["user_id"], query)
