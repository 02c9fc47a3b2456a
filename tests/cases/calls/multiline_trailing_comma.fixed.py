# expect: TCF001
# A multi-line call with a trailing comma: config gets its own line.
from langchain_core.callbacks import Callbacks
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm

PROMPT = "You are a careful editor."


@tool
async def edit(text: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Edit a text for grammar and style."""
    reply = await llm.ainvoke(
        [SystemMessage(PROMPT), HumanMessage(text)],
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content
