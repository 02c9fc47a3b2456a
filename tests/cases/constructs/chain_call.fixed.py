# expect: TCF031
# chain(fn) on a sync function that calls a sync runnable.
from langchain_core.runnables import RunnableConfig, chain

from app.llm import llm


def extract_keywords(text: str, config: RunnableConfig) -> list:
    reply = llm.invoke(f"List the keywords of:\n{text}", config=config)
    return reply.content.split(",")


keywords = chain(extract_keywords)
