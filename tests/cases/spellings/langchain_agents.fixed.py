# expect: TCF001
# from langchain.agents import tool (the older re-export).
from langchain.agents import tool

from app.chains import qa_chain
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


@tool
async def search_faq(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Search the FAQ for an answer."""
    return await qa_chain.ainvoke(
        {"question": question}, config=patch_config(config, callbacks=callbacks)
    )
