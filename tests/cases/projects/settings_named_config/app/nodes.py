# expect: TCF041 TCF042 TCF042 TCF042
from langchain_core.runnables import RunnableConfig

from app.llm_utils import SETTINGS, call_llm, describe, run_agent, summarize


async def agent(state):
    return {"messages": [await run_agent(state["messages"], SETTINGS)]}


async def draft(state, config: RunnableConfig):
    return {"draft": await call_llm(state["topic"])}


async def explain(state, config: RunnableConfig):
    return {"text": await describe(state["draft"], state["settings"])}


async def digest(state, config: RunnableConfig):
    # The author's own config keeps its tags, merged with the one the node received.
    return {"digest": await summarize(state["messages"], {"tags": ["nostream"]})}
