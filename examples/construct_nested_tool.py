"""Construct: nodes that build a tool from a nested function and call it.

``review`` (a sync node) makes a ``StructuredTool`` of its nested ``polish``;
``research`` (an async node) puts ``@tool`` on its nested ``search_docs``. Each
tool owns the model call in its body: where the caller's config reaches the
tool call, the model run is filed under the tool's run. Neither node forwards
its config to the tool call, so on Python 3.9/3.10 the tool and model runs are
lost from async runs. Forwarding the node's config into the tool's *body*
instead files the model run under the node, beside the tool run, on every
version (``tests/runtime/cases/nested_tools.py``).
"""

from langchain_core.messages import AIMessage
from langchain_core.tools import StructuredTool, tool
from langgraph.graph import END, START, MessagesState, StateGraph

# The chat model; replaced at start-up (or by tests).
model = None


async def research(state: MessagesState) -> dict:
    @tool
    async def search_docs(query: str) -> str:
        """Answer a question from the documentation."""
        reply = await model.ainvoke(f"Answer from the docs: {query}")
        return reply.content

    found = await search_docs.ainvoke({"query": state["messages"][-1].content})
    return {"messages": [AIMessage(found)]}


def review(state: MessagesState) -> dict:
    def polish(text: str) -> str:
        """Polish a draft answer."""
        return model.invoke(f"Polish this answer: {text}").content

    polish_tool = StructuredTool.from_function(polish)
    polished = polish_tool.invoke({"text": state["messages"][-1].content})
    return {"messages": [AIMessage(polished)]}


builder = StateGraph(MessagesState)
builder.add_node(research)
builder.add_node(review)
builder.add_edge(START, "research")
builder.add_edge("research", "review")
builder.add_edge("review", END)
graph = builder.compile()
