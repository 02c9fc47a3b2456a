"""Configs that carry the events by their callbacks alone (docs/facts.md).

``RunnableConfig(callbacks=run_manager.get_child())`` in a ``BaseTool._arun`` passes the
tool run's child callbacks: the model run is filed under the tool run. A receiver bound
with ``.with_config(callbacks=config.get("callbacks"))`` passes the callbacks of the config
the callable received: a node's are its own run's, so the model run is filed under the
node; a tool's are its caller's, so the model run is filed beside the tool run, as with
``config=config``, and bound to its ``callbacks`` parameter (toolcfg's fix) it is filed under
the tool run.
"""

# Annotations evaluated at run time, as LangChain reads them.
# ruff: noqa: FA100

from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, Callbacks
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, tool
from langgraph.graph import END, START, MessagesState, StateGraph

# The chat model; replaced by the probe.
model = None


class RunnableConfigChildTool(BaseTool):
    name: str = "runnable_config_child"
    description: str = "Answer a question with the chat model."

    def _run(self, question: str) -> str:
        raise NotImplementedError(f"{self.name} only runs asynchronously")

    async def _arun(
        self, question: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        child = RunnableConfig(callbacks=run_manager.get_child())
        return (await model.ainvoke(question, config=child)).content


runnable_config_child_tool = RunnableConfigChildTool()


@tool
async def bound_callbacks(question: str, config: RunnableConfig) -> str:
    """Answer a question with the chat model."""
    bound = model.with_config(callbacks=config.get("callbacks"))
    return (await bound.ainvoke(question)).content


@tool
async def bound_child_callbacks(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question with the chat model."""
    bound = model.with_config(callbacks=callbacks)
    return (await bound.ainvoke(question)).content


async def _bound_callbacks_node(state, config: RunnableConfig):
    bound = model.with_config(callbacks=config.get("callbacks"))
    return {"messages": [await bound.ainvoke(state["messages"])]}


def _one_node_graph(node):
    builder = StateGraph(MessagesState)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile()


bound_callbacks_graph = _one_node_graph(_bound_callbacks_node)
