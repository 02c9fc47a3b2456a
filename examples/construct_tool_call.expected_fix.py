"""``construct_tool_call.py`` as ``toolcfg check --fix`` will fix it (written by hand).

The function takes the injected ``config`` and ``callbacks`` (the tool run's
child callbacks) and forwards ``patch_config(config, callbacks=callbacks)``, so
the model run is filed under the tool run (docs/facts.md, "Trace nesting").
The runtime matrix runs this file until toolcfg's own fix writes this form.
"""

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

# The chat model; replaced at start-up (or by tests).
model = None


async def search_docs(query: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer a question about the documentation."""
    reply = await model.ainvoke(
        f"Answer from the docs: {query}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content


search_docs_tool = tool("search_docs")(search_docs)
