"""Construct: ``@chain`` on an async function.

``@chain`` makes a RunnableLambda of the function, which awaits the chat model
without forwarding the config (toolcfg reports TCF031).
"""

from langchain_core.runnables import chain

# The chat model; replaced at start-up (or by tests).
model = None


@chain
async def answer_chain(question: str) -> str:
    reply = await model.ainvoke(f"Answer briefly: {question}")
    return reply.content
