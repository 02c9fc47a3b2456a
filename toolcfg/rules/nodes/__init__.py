"""LangGraph nodes, routers and ``@entrypoint`` functions (TCF04x): config injected by the
name ``config``, the child config of the node's own run; and an entrypoint's calls of
``@task`` functions, which no config reaches on Python 3.10 (TCF044)."""

from __future__ import annotations

from toolcfg import registry
from toolcfg.rules import lambdas
from toolcfg.rules.base import Condition, FixAvailability, Rule, wrap
from toolcfg.rules.families import FamilyText, family
from toolcfg.rules.lambdas import NAME_INJECTION

#: Measured: lost on Python 3.9 and 3.10 with every langgraph release, 1.2.24 included.
LOST = Condition(python_below=(3, 11))
#: LangGraph runs an async-generator node as langchain-core's ``RunnableLambda``: lost as
#: lambdas are, only with langchain-core < 1.4.8, whatever the langgraph release
#: (docs/facts.md, "Async-generator nodes changed with langchain-core 1.4.8").
ASYNC_GENERATOR = "an async-generator node"

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
langgraph release, 1.2.24 included: every LangGraph user on 3.9 or 3.10 is affected
today. Python 3.11 and later are not affected. A node written as an async generator
(`async def node(state): ... yield ...`) is the exception: LangGraph runs it as a
`RunnableLambda`, which loses the config only with langchain-core < 1.4.8, whatever the
langgraph release, so it is reported only there. (An `@entrypoint` that calls a `@task`
fails on every async run on 3.10 with "Called get_config outside of a runnable context",
whatever config is forwarded: a task call is not one to forward the config into, and
TCF044 reports it.)""",
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
        qualifiers={ASYNC_GENERATOR: lambdas.LOST},
    )
)

ENTRYPOINT_TASK = Rule(
    code="TCF044",
    name="entrypoint-calls-task",
    summary="An `@entrypoint` that calls a `@task` fails on every async run on Python 3.10",
    messages={
        "task": "{subject} calls {calls}, so every async run of it fails{when}: "
        "`RuntimeError: Called get_config outside of a runnable context`, whatever config "
        "is passed",
    },
    what=wrap(
        "Reports an `@entrypoint` function that calls LangGraph `@task` functions (imported "
        "from `langgraph.func`), in a project that can run on Python 3.9 or 3.10, once for "
        "all its task calls."
    ),
    why="""\
Calling a task reads the run's config from the context, not from an argument. On Python
3.9 and 3.10 async code does not carry that context, so every async run of the
entrypoint (`ainvoke`, `astream`, `astream_events`) raises `RuntimeError: Called
get_config outside of a runnable context` at the task call: a sync entrypoint calling a
sync task too, with langgraph 0.6.11 and 1.2.24. Passing the entrypoint's `config` to the
task as an argument, or a config to `ainvoke`, changes nothing. Sync runs (`invoke`,
`stream`) work, and so does Python 3.11 and later; LangGraph's reference says async
tasks need Python 3.11. LangGraph Server runs graphs async.""",
    example="""\
from langgraph.func import entrypoint, task


@task
async def polish(draft: str) -> str:
    return (await model.ainvoke(f"Polish this answer: {draft}")).content


@entrypoint()
async def answer(question: str) -> str:
    return await polish(question)
""",
    use_instead="""\
# On Python 3.11+, the task as it is. On 3.10, a plain function that takes the config
# (no checkpointed result, no retry policy):
from langchain_core.runnables import RunnableConfig
from langgraph.func import entrypoint


async def polish(draft: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(f"Polish this answer: {draft}", config=config)).content


@entrypoint()
async def answer(question: str, config: RunnableConfig) -> str:
    return await polish(question, config)
""",
    fix_safety="No fix is offered: only Python 3.11, sync runs, or calling a plain "
    "function instead of the task avoids it, and a plain function gives up what the task "
    "does (its result saved by the checkpointer, retries).",
    fix_availability=FixAvailability.NONE,
    condition=LOST,
)

FAMILIES = (NODE,)
RULES = (*NODE.rules, ENTRYPOINT_TASK)
