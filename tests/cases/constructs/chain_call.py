# expect: TCF031
# chain(fn) on a sync function that calls a sync runnable.
from langchain_core.runnables import chain

from app.llm import llm


def extract_keywords(text: str) -> list:
    reply = llm.invoke(f"List the keywords of:\n{text}")
    return reply.content.split(",")


keywords = chain(extract_keywords)
