"""LangGraph nodes, routers and ``@entrypoint`` functions (TCF04x): config injected by the
name ``config``, the child config of the node's own run."""

from __future__ import annotations

from toolcfg import registry
from toolcfg.rules.base import Condition
from toolcfg.rules.families import FamilyText, family
from toolcfg.rules.lambdas import NAME_INJECTION

#: Measured: lost on Python 3.9 and 3.10 with every langgraph release, 1.2.24 included.
LOST = Condition(python_below=(3, 11))

NODE = family(
    FamilyText(
        prefix="TCF04",
        slug="graph-node",
        noun="a LangGraph node or entrypoint",
        targets="LangGraph nodes, conditional-edge routers and `@entrypoint` functions",
        kinds=(registry.GRAPH_NODE, registry.GRAPH_ROUTER, registry.ENTRYPOINT),
        recognised_notes="Async and sync functions, wherever in the project they are "
        "defined; closures in the function that builds the graph; and a callable instance, "
        'whose `__call__` runs (`add_node("x", Assistant(r))`).',
        injection=NAME_INJECTION,
        versions="""\
Measured: lost on Python 3.9 and 3.10 for async and sync nodes and for `@entrypoint`
functions, with every langchain-core version, including 1.4.8 and later, and with every
langgraph release, 1.2.24 included: every LangGraph user on 3.9 or 3.10 is affected today.
Python 3.11 and later are not affected. (An async `@task` called from an async
`@entrypoint` fails on 3.10 with "Called get_config outside of a runnable context" even
when config is forwarded; adding config cannot fix that, so it is out of scope.)""",
        example="""\
from langgraph.graph import MessagesState, StateGraph


def build_graph(llm):
    async def agent(state: MessagesState) -> dict:
        return {"messages": [await llm.ainvoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    return builder.compile()
""",
        unforwarded="""\
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph


def build_graph(llm):
    async def agent(state: MessagesState, config: RunnableConfig) -> dict:
        return {"messages": [await llm.ainvoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    return builder.compile()
""",
        fixed="""\
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph


def build_graph(llm):
    async def agent(state: MessagesState, config: RunnableConfig) -> dict:
        return {"messages": [await llm.ainvoke(state["messages"], config=config)]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    return builder.compile()
""",
        condition=LOST,
    )
)

FAMILIES = (NODE,)
RULES = NODE.rules
