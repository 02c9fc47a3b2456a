# expect: TCF901
# A `# noqa` naming a code that is not reported on its line is itself reported, when TCF9 is selected.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:  # noqa: TCF001
    """Answer a question."""
    reply = await llm.ainvoke(question, config=patch_config(config, callbacks=callbacks))
    return reply.content
