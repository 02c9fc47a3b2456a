# expect: TCF001
# A bare * with keyword-only parameters: config goes last among them.
from langchain_core.tools import tool

from app.llm import llm


@tool
async def draft_email(to: str, *, subject: str, tone: str = "friendly") -> str:
    """Draft an email."""
    reply = await llm.ainvoke(f"Write a {tone} email to {to} about {subject}.")
    return reply.content
