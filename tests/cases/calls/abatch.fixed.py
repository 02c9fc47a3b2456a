# expect: TCF001
# abatch over a list built by a comprehension.
from typing import List

from langchain_core.tools import tool

from app.chains import translate_chain
from langchain_core.runnables import RunnableConfig


@tool
async def translate_all(
    sentences: List[str], language: str, config: RunnableConfig
) -> List[str]:
    """Translate several sentences."""
    return await translate_chain.abatch(
        [{"text": s, "language": language} for s in sentences], config=config
    )
