# expect: nothing
# Async helpers in a graph module that are never registered as nodes, tools or lambdas.
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def summarize_history(messages: list) -> str:
    reply = await llm.ainvoke([*messages, ("user", "Summarise our conversation.")])
    return reply.content


async def title_for(text: str) -> str:
    return (await llm.ainvoke(f"A short title for: {text}")).content


def build_graph(node) -> StateGraph:
    builder = StateGraph(MessagesState)
    builder.add_node("agent", node)
    return builder
