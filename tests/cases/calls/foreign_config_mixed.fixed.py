# expect: TCF002 TCF002
# One call passes a foreign config (no fix), the other drops config (fixed).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.runnables.config import merge_configs
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask_twice(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question, then check the answer."""
    reply = await llm.ainvoke(
        question,
        config=merge_configs(
            patch_config(config, callbacks=callbacks), {"run_name": "answer"}
        ),
    )
    check = await llm.ainvoke(
        f"Is this right? {reply.content}",
        config=patch_config(config, callbacks=callbacks),
    )
    return check.content
