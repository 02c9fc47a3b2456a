# expect: TCF041 TCF041
# Nodes wrapped in functools.partial(fn, llm=llm) and partial(fn).
import functools
from functools import partial

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.prompts import summary_prompt


async def call_model(
    state: MessagesState, llm: BaseChatModel, config: RunnableConfig
) -> dict:
    response = await llm.ainvoke(state["messages"], config=config)
    return {"messages": [response]}


async def summarize(
    state: MessagesState, prompt=summary_prompt, *, config: RunnableConfig
) -> dict:
    summary = await prompt.ainvoke({"messages": state["messages"]}, config=config)
    return {"summary": summary}


def build(llm: BaseChatModel):
    builder = StateGraph(MessagesState)
    builder.add_node("agent", functools.partial(call_model, llm=llm))
    builder.add_node("summarize", partial(summarize))
    builder.add_edge("agent", "summarize")
    builder.set_entry_point("agent")
    return builder.compile()
