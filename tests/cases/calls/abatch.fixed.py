# expect: TCF001
# abatch over a list built by a comprehension.
from typing import List

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.chains import translate_chain


@tool
async def translate_all(
    sentences: List[str],
    language: str,
    config: RunnableConfig,
    callbacks: Callbacks = None,
) -> List[str]:
    """Translate several sentences."""
    return await translate_chain.abatch(
        [{"text": s, "language": language} for s in sentences],
        config=patch_config(config, callbacks=callbacks),
    )
