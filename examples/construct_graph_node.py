"""Construct: LangGraph nodes built inside a graph factory.

``build_graph(llm)`` registers an async closure with ``add_node("agent", ...)``
and a module-level async function bound with ``functools.partial(..., llm=llm)``.
Neither forwards the node's config to the model, so on Python 3.9/3.10 the
model's message chunks never reach ``stream_mode="messages"`` (toolcfg reports
TCF041 for each node). LangGraph finds the config by the parameter *name*
``config``.
"""

import functools
from typing import List

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AnyMessage, SystemMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from typing_extensions import Annotated, TypedDict


class State(TypedDict):
    messages: Annotated[List[AnyMessage], add_messages]


async def summarize_node(state: State, llm: BaseChatModel) -> dict:
    prompt = [SystemMessage("Summarise the conversation.")] + state["messages"]
    summary = await llm.ainvoke(prompt)
    return {"messages": [summary]}


def build_graph(llm: BaseChatModel):
    """Build and compile the agent graph around a chat model."""

    async def agent_node(state: State) -> dict:
        reply = await llm.ainvoke(state["messages"])
        return {"messages": [reply]}

    builder = StateGraph(State)
    builder.add_node("agent", agent_node)
    builder.add_node("summarize", functools.partial(summarize_node, llm=llm))
    builder.add_edge(START, "agent")
    builder.add_edge("agent", "summarize")
    builder.add_edge("summarize", END)
    return builder.compile()


# Set at start-up, e.g. ``graph = build_graph(ChatOpenAI(model="gpt-4o-mini"))``.
graph = None
