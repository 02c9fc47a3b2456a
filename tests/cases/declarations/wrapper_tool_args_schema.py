# expect: TCF102
# A wrapper tool: a BaseTool that wraps another and hands the wrapped tool's args_schema
# to super().__init__. Its unannotated `config` is never injected (async runs call only
# `_arun`), but with the schema given it does not show up in the tool's args schema.
from typing import Any

from langchain_core.tools import BaseTool


class TracedTool(BaseTool):
    """Runs a tool and records each call."""

    tool: BaseTool

    def __init__(self, tool: BaseTool, **kwargs: Any) -> None:
        super().__init__(
            name=tool.name,
            description=tool.description,
            args_schema=tool.args_schema,
            tool=tool,
            **kwargs,
        )

    def _run(self, config=None, **kwargs: Any) -> Any:
        return self.tool.invoke(kwargs, config)

    async def _arun(self, config=None, **kwargs: Any) -> Any:
        return await self.tool.ainvoke(kwargs, config)
