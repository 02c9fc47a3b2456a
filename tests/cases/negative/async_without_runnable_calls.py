# expect: nothing
# An async tool that calls no runnable.
import httpx
from langchain_core.tools import tool


@tool
async def fetch_page(url: str) -> str:
    """Fetch a web page."""
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
        return response.text
