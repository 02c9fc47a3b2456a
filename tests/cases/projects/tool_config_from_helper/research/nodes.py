# expect: nothing
# A node forwarding a config a helper builds from its own: nodes receive their run's child
# config, so the inner run nests under the node.
from langchain_core.runnables import RunnableConfig

from research.configs import with_source
from research.models import model


async def answer(state, config: RunnableConfig):
    reply = await model.ainvoke(state["messages"], config=with_source(config, "node"))
    return {"messages": [reply]}
