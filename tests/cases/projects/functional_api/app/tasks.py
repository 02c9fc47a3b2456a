# expect: nothing
# Tasks get no config to forward: calling one needs the run's config from the context.
from langgraph.func import task
from langgraph.types import RetryPolicy

from app.llm import llm


@task(retry_policy=RetryPolicy(max_attempts=3))
async def draft_answer(question: str, context: str) -> str:
    reply = await llm.ainvoke(f"Context: {context}\n\nAnswer briefly: {question}")
    return reply.content


@task
def polish(draft: str) -> str:
    return llm.invoke(f"Polish this answer: {draft}").content
