"""Construct: a LangGraph functional-API ``@entrypoint()``.

The entrypoint awaits the chat model without forwarding its config, so on
Python 3.9/3.10 the model's message chunks never reach
``stream_mode="messages"`` (toolcfg reports TCF041). LangGraph finds the
config by the parameter *name* ``config``.
"""

from langgraph.func import entrypoint

# The chat model; replaced at start-up (or by tests).
model = None


@entrypoint()
async def answer_workflow(question: str) -> str:
    reply = await model.ainvoke(f"Answer briefly: {question}")
    return reply.content
