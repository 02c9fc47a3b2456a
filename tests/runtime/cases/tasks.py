"""An ``@entrypoint`` and its ``@task`` that both take and forward their config.

LangGraph injects ``config`` into both by name, and both forward it to the
model. On Python 3.9/3.10 every async run still raises ``RuntimeError: Called
get_config outside of a runnable context``, whatever config the caller passes:
calling a task needs the context, not the config (``examples/construct_task.py``).
"""

from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint, task

# The chat model; replaced by the probe.
model = None


@task
async def polish(draft: str, config: RunnableConfig) -> str:
    reply = await model.ainvoke(f"Polish this answer: {draft}", config=config)
    return reply.content


@entrypoint()
async def answer_workflow(question: str, config: RunnableConfig) -> str:
    draft = await model.ainvoke(f"Answer briefly: {question}", config=config)
    return await polish(draft.content)
