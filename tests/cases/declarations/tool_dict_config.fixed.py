# expect: TCF102
# Tool row "config: dict shows up in the schema": it reads config["configurable"], so it is a RunnableConfig.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.users import lookup


@tool
async def profile(query: str, config: RunnableConfig) -> str:
    """Look up the user's profile."""
    user = config["configurable"]["user_id"]
    return await lookup(user, query)
