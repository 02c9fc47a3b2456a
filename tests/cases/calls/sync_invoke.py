# expect: TCF001
# A sync .invoke inside an async tool loses the config too.
from langchain_core.tools import tool

from app.chains import classify_chain


@tool
async def classify(text: str) -> str:
    """Classify a support ticket."""
    label = classify_chain.invoke({"text": text})
    return label
