# expect: TCF001
# The model is built inline: model.bind_tools(tools).ainvoke(...).
from langchain_core.tools import tool

from app.llm import model
from app.tools import calculator, search


@tool
async def plan(goal: str) -> str:
    """Plan the steps towards a goal."""
    reply = await model.bind_tools([search, calculator]).ainvoke(goal)
    return reply.content
