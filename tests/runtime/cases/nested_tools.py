"""Nodes that build a tool from a nested function, and forward their config.

The nodes of ``examples/construct_nested_tool.py``, forwarding the node's
config in two places. ``*_tool_call``: to the tool call only, so the tool run
is the node's child and the model run the tool's child, as where nothing is
lost. ``*_body``: to the tool call and into the nested function's model call,
so the model run is filed under the node, beside the tool run, on every
version: the tool owns the calls in its body, and the node's config is not
theirs. Each node is the only node of its graph, so the sync ones can run
sync.
"""

from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import StructuredTool, tool
from langgraph.graph import END, START, MessagesState, StateGraph

# The chat model; replaced by the probe.
model = None


def one_node_graph(name, node):
    builder = StateGraph(MessagesState)
    builder.add_node(name, node)
    builder.add_edge(START, name)
    builder.add_edge(name, END)
    return builder.compile()


async def research_tool_call(state: MessagesState, config: RunnableConfig) -> dict:
    @tool
    async def search_docs(query: str) -> str:
        """Answer a question from the documentation."""
        reply = await model.ainvoke(f"Answer from the docs: {query}")
        return reply.content

    found = await search_docs.ainvoke({"query": state["messages"][-1].content}, config=config)
    return {"messages": [AIMessage(found)]}


async def research_body(state: MessagesState, config: RunnableConfig) -> dict:
    @tool
    async def search_docs(query: str) -> str:
        """Answer a question from the documentation."""
        reply = await model.ainvoke(f"Answer from the docs: {query}", config=config)
        return reply.content

    found = await search_docs.ainvoke({"query": state["messages"][-1].content}, config=config)
    return {"messages": [AIMessage(found)]}


def review_tool_call(state: MessagesState, config: RunnableConfig) -> dict:
    def polish(text: str) -> str:
        """Polish a draft answer."""
        return model.invoke(f"Polish this answer: {text}").content

    polish_tool = StructuredTool.from_function(polish)
    polished = polish_tool.invoke({"text": state["messages"][-1].content}, config=config)
    return {"messages": [AIMessage(polished)]}


def review_body(state: MessagesState, config: RunnableConfig) -> dict:
    def polish(text: str) -> str:
        """Polish a draft answer."""
        return model.invoke(f"Polish this answer: {text}", config=config).content

    polish_tool = StructuredTool.from_function(polish)
    polished = polish_tool.invoke({"text": state["messages"][-1].content}, config=config)
    return {"messages": [AIMessage(polished)]}


research_tool_call_graph = one_node_graph("research", research_tool_call)
research_body_graph = one_node_graph("research", research_body)
review_tool_call_graph = one_node_graph("review", review_tool_call)
review_body_graph = one_node_graph("review", review_body)
