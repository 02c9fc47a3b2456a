# expect: TCF001
# The model is built inline: model.bind_tools(tools).ainvoke(...).
from langchain_core.tools import tool

from app.llm import model
from app.tools import calculator, search
from langchain_core.runnables import RunnableConfig


@tool
async def plan(goal: str, config: RunnableConfig) -> str:
    """Plan the steps towards a goal."""
    reply = await model.bind_tools([search, calculator]).ainvoke(goal, config=config)
    return reply.content
