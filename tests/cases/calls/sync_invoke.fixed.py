# expect: TCF001
# A sync .invoke inside an async tool loses the config too.
from langchain_core.tools import tool

from app.chains import classify_chain
from langchain_core.runnables import RunnableConfig


@tool
async def classify(text: str, config: RunnableConfig) -> str:
    """Classify a support ticket."""
    label = classify_chain.invoke({"text": text}, config=config)
    return label
