# expect: TCF044 TCF042
from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint

from app import tasks
from app.llm import llm
from app.tasks import polish
from app.utils import summarize


@entrypoint()
async def answer(question: str, config: RunnableConfig) -> str:
    context = await summarize(llm, question)
    draft = await tasks.draft_answer(question, context)
    return await polish(draft)
