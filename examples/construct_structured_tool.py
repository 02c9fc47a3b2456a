"""Construct: ``StructuredTool.from_function(func=..., coroutine=...)``.

A plain function and its async twin become one tool. The async twin awaits the
chat model without forwarding the tool's config, so on Python 3.9/3.10 with
langchain-core <= 1.4.7 the model's events never reach the caller (toolcfg
reports TCF011 on the coroutine).
"""

from langchain_core.tools import StructuredTool

# The chat model; replaced at start-up (or by tests).
model = None


def summarize(text: str) -> str:
    """Summarise a piece of text."""
    return model.invoke(f"Summarise: {text}").content


async def asummarize(text: str) -> str:
    """Summarise a piece of text."""
    reply = await model.ainvoke(f"Summarise: {text}")
    return reply.content


summarize_tool = StructuredTool.from_function(
    func=summarize,
    coroutine=asummarize,
    name="summarize",
    description="Summarise a piece of text.",
)
