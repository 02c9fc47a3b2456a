"""Construct: a LangGraph functional-API ``@entrypoint`` that calls a ``@task``.

On Python 3.9/3.10 calling a task needs the run's config from the context,
which async code there does not carry: every async run of the entrypoint
(``ainvoke``, ``astream``, ``astream_events``) raises ``RuntimeError: Called
get_config outside of a runnable context``, a sync entrypoint with a sync task
too. Sync runs (``invoke``, ``stream``) work. Forwarding a config changes
nothing, so this is a crash that only Python 3.11+ (or a sync run) avoids, not
a config to forward.
"""

from langgraph.func import entrypoint, task

# The chat model; replaced at start-up (or by tests).
model = None


@task
async def polish(draft: str) -> str:
    """Have the chat model polish a draft answer."""
    reply = await model.ainvoke(f"Polish this answer: {draft}")
    return reply.content


@entrypoint()
async def answer_workflow(question: str) -> str:
    draft = await model.ainvoke(f"Answer briefly: {question}")
    return await polish(draft.content)


@task
def polish_sync(draft: str) -> str:
    """Have the chat model polish a draft answer."""
    return model.invoke(f"Polish this answer: {draft}").content


@entrypoint()
def answer_workflow_sync(question: str) -> str:
    draft = model.invoke(f"Answer briefly: {question}")
    return polish_sync(draft.content).result()
