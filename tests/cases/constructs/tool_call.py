# expect: TCF011
# tool(fn): the decorator applied as a call.
from langchain_core.tools import tool

from app.llm import llm


async def summarize_ticket(ticket_id: str) -> str:
    """Summarise a support ticket."""
    reply = await llm.ainvoke(f"Summarise ticket {ticket_id}.")
    return reply.content


TOOLS = [tool(summarize_ticket)]
