# expect: TCF001
# A sync .invoke inside an async tool loses the config too.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.chains import classify_chain


@tool
async def classify(
    text: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Classify a support ticket."""
    label = classify_chain.invoke(
        {"text": text}, config=patch_config(config, callbacks=callbacks)
    )
    return label
