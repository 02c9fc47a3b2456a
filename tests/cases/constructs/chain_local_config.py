# expect: TCF031
# @chain with a local `config` dict: adding a parameter named `config` would clash, so no fix.
from langchain_core.runnables import chain

from app.llm import llm


@chain
async def answer(question: str) -> str:
    config = {"temperature": 0.2, "max_tokens": 400}
    reply = await llm.bind(**config).ainvoke(question)
    return reply.content
