# expect: TCF041 TCF041 TCF041 TCF041
# Nodes under decorators of the project. LangGraph reads the signature of what the
# decorator returns: through `functools.wraps` over `(*args, **kwargs)` it sees the node's
# own, and the config is passed on; a decorator that returns the node itself changes
# nothing. A bare wrapper hides the signature, so a parameter added to the node would
# never be passed: no fix there.
import functools
from functools import wraps

from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, MessagesState, StateGraph

from app.llm import llm

NODES = []


def logged(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        return await fn(*args, **kwargs)

    return wrapper


def retrying(times):
    def decorate(fn):
        @wraps(fn)
        async def wrapper(*args, **kwargs):
            return await fn(*args, **kwargs)

        return wrapper

    return decorate


def register(fn):
    NODES.append(fn)
    return fn


def bare(fn):
    async def wrapper(*args, **kwargs):
        return await fn(*args, **kwargs)

    return wrapper


@logged
async def a(state: MessagesState, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


@retrying(3)
async def b(state: MessagesState, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


@register
async def c(state: MessagesState, config: RunnableConfig):
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


@bare
async def d(state: MessagesState):
    return {"messages": [await llm.ainvoke(state["messages"])]}


g = StateGraph(MessagesState)
g.add_node("a", a)
g.add_node("b", b)
g.add_node("c", c)
g.add_node("d", d)
g.add_edge(START, "a")
g.add_edge("a", "b")
g.add_edge("b", "c")
g.add_edge("c", "d")
graph = g.compile()
