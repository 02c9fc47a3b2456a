"""Construct: ``RunnableLambda(sync_fn)`` where the function calls ``model.invoke``.

When the lambda is run asynchronously (``ainvoke``, ``astream_events``) the
sync function runs in a thread, and on Python 3.9/3.10 with langchain-core
<= 1.4.7 the model's events are lost unless the config is forwarded (toolcfg
reports TCF031).
"""

from langchain_core.runnables import RunnableLambda

# The chat model; replaced at start-up (or by tests).
model = None


def answer(question: str) -> str:
    reply = model.invoke(f"Answer briefly: {question}")
    return reply.content


answer_chain = RunnableLambda(answer)
