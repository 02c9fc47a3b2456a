# expect: TCF011
# tool(fn): the decorator applied as a call.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


async def summarize_ticket(
    ticket_id: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Summarise a support ticket."""
    reply = await llm.ainvoke(
        f"Summarise ticket {ticket_id}.",
        config=patch_config(config, callbacks=callbacks),
    )
    return reply.content


TOOLS = [tool(summarize_ticket)]
