# expect: TCF001
# The input given as input=.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.chains import qa_chain


@tool
async def answer(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question from the knowledge base."""
    return await qa_chain.ainvoke(
        input={"question": question}, config=patch_config(config, callbacks=callbacks)
    )
