# expect: TCF001
# The model is built inline: model.bind_tools(tools).ainvoke(...).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import model
from app.tools import calculator, search


@tool
async def plan(goal: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Plan the steps towards a goal."""
    reply = await model.bind_tools([search, calculator]).ainvoke(
        goal, config=patch_config(config, callbacks=callbacks)
    )
    return reply.content
