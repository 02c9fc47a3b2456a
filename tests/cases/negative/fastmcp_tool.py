# expect: nothing
# FastMCP's @mcp.tool().
from fastmcp import FastMCP

from app.chains import qa_chain

mcp = FastMCP("docs")


@mcp.tool()
async def answer(question: str) -> str:
    """Answer a question about the docs."""
    return await qa_chain.ainvoke({"question": question})
