# expect: TCF001
# *args and **kwargs: config goes between them.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.chains import chain


@tool
async def run_chain(
    *args, config: RunnableConfig, callbacks: Callbacks = None, **kwargs
) -> str:
    """Run the chain on the given inputs."""
    return await chain.ainvoke(
        {"args": args, "kwargs": kwargs},
        config=patch_config(config, callbacks=callbacks),
    )
