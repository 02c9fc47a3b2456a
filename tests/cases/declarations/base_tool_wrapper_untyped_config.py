# expect: TCF102
# A wrapper tool's _arun(self, query, config=None) is never injected, so it passes None on:
# the inner run is lost only where a tool that takes no config loses it (Python < 3.11 with
# langchain-core < 1.4.8), and no nesting claim is made. _arun's parameters never show up in
# the schema (a BaseTool builds it from _run, here from the wrapped tool's args_schema).
from typing import Any

from langchain_core.tools import BaseTool


class LoggedTool(BaseTool):
    name: str = "logged"
    description: str = "Run the wrapped tool and log its result."
    inner: Any = None

    def __init__(self, inner: BaseTool) -> None:
        super().__init__(args_schema=inner.args_schema, inner=inner)

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(self, query, config=None):
        return await self.inner.ainvoke(query, config=config)
