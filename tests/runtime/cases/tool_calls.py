"""Tools whose inner call keeps its events, and where the model run is filed.

A sync ``@tool`` function calling ``.invoke`` keeps them on every version
without a ``RunnableConfig`` parameter. A tool forwarding a config that a
helper builds from the one it received (``dict(config)`` plus keys) keeps them
too, but files the model run beside the tool run, as ``config=config`` does
(docs/facts.md). ``examples/tool_config_helper.py`` does the same with
``runtime.config``, where LangChain v1 is installed.
"""

# Annotations evaluated at run time, as LangChain reads them.
# ruff: noqa: FA100

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

# The chat model; replaced by the probe.
model = None


@tool
def sync_ask(question: str) -> str:
    """Answer a question with the chat model."""
    return model.invoke(question).content


def with_source(config: RunnableConfig, source: str) -> RunnableConfig:
    """The config, with the source the answer came from in its metadata."""
    traced = dict(config)
    traced["metadata"] = {**config.get("metadata", {}), "source": source}
    return traced


@tool
async def helper_config(question: str, config: RunnableConfig) -> str:
    """Answer a question with the chat model."""
    reply = await model.ainvoke(question, config=with_source(config, "docs"))
    return reply.content
