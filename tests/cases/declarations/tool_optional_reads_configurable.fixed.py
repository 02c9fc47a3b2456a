# expect: TCF101
# Tool row "Optional[RunnableConfig] = None is never injected" in a tool that only reads config["configurable"] (no runnable call).
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.users import find_user


@tool
def whoami(config: RunnableConfig) -> str:
    """Name the current user."""
    return find_user(config["configurable"]["user_id"]).name
