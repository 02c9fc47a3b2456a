# expect: TCF041 TCF041
import functools

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph

from agents.analysts import create_analyst_node
from agents.editor import Assistant, EditorAgent, Reviewer
from llm import llm


async def styled_node(state, style, config: RunnableConfig):
    return {
        "messages": [await llm.ainvoke(f"{style}: {state['messages']}", config=config)]
    }


def decide_route(state, config: RunnableConfig):
    verdict = llm.invoke(state["messages"], config=config)
    return "end" if verdict.content == "done" else "again"


agents = {"editor": EditorAgent(llm), "other": object()}
styled = functools.partial(styled_node, style="terse")

builder = StateGraph(dict)
builder.add_node("analyst", create_analyst_node(llm, []))
builder.add_node("editor", agents["editor"].run)
builder.add_node("assistant", Assistant(llm))
builder.add_node("styled", styled)
builder.add_conditional_edges("analyst", decide_route)
reviewer_graph = Reviewer(llm).build()
