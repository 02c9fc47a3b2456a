# expect: nothing
# StructuredTool.from_function(func=fn) with no coroutine: a sync tool keeps its config.
from langchain_core.tools import StructuredTool

from app.chains import faq_chain


def answer_faq(question: str) -> str:
    """Answer a frequently asked question."""
    return faq_chain.invoke({"question": question})


faq_tool = StructuredTool.from_function(func=answer_faq)
