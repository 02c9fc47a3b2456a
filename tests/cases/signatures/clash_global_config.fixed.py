# expect: TCF001
# The body reads a module-global `config`: the new parameter is `run_config`.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.llm import llm
from app.settings import load_settings

config = load_settings()


@tool
async def ask(
    question: str, run_config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question in the configured language."""
    reply = await llm.ainvoke(
        f"Answer in {config['language']}: {question}",
        config=patch_config(run_config, callbacks=callbacks),
    )
    return reply.content
