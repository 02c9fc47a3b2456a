"""``construct_structured_tool.py`` as ``toolcfg check --fix`` will fix it (written by hand).

The coroutine takes the injected ``config`` and, beside it, ``callbacks``, which
LangChain fills with the tool run's child callbacks. Forwarding
``patch_config(config, callbacks=callbacks)`` brings the model's events back on
Python 3.9/3.10 and files the model run under the tool run; forwarding
``config`` alone would file it beside the tool (docs/facts.md, "Trace nesting").
The runtime matrix runs this file until toolcfg's own fix writes this form.
"""

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool

# The chat model; replaced at start-up (or by tests).
model = None


def summarize(text: str) -> str:
    """Summarise a piece of text."""
    return model.invoke(f"Summarise: {text}").content


async def asummarize(text: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Summarise a piece of text."""
    reply = await model.ainvoke(
        f"Summarise: {text}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content


summarize_tool = StructuredTool.from_function(
    func=summarize,
    coroutine=asummarize,
    name="summarize",
    description="Summarise a piece of text.",
)
