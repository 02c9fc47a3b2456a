"""A tool that forwards a config a project helper builds from ``runtime.config``.

``with_source`` copies the config the tool received (``dict(config)``) and adds
metadata. The copy carries the caller's callbacks, so the model's events
arrive; but a tool receives the config it was *called with*, so the model run
is filed beside the tool run, as with ``config=config``
(``tool_forwards_config.py``). LangChain v1's ``ToolNode`` injects the
``runtime``.
"""

from langchain.tools import ToolRuntime, tool
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

# The chat model; replaced at start-up (or by tests).
model = None


def with_source(config: RunnableConfig, source: str) -> RunnableConfig:
    """The config, with the source the answer came from in its metadata."""
    traced = dict(config)
    traced["metadata"] = {**config.get("metadata", {}), "source": source}
    return traced


@tool
async def search_docs(query: str, runtime: ToolRuntime) -> str:
    """Answer a question from the documentation."""
    config = with_source(runtime.config, "docs")
    reply = await model.ainvoke(f"Answer from the docs: {query}", config=config)
    return reply.content


builder = StateGraph(MessagesState)
builder.add_node("tools", ToolNode([search_docs]))
builder.add_edge(START, "tools")
builder.add_edge("tools", END)
graph = builder.compile()
