# expect: TCF041 TCF041 TCF042 TCF041 TCF041
# Nodes that reach the sub-agent one project method away, on a receiver whose class is
# known: built by its constructor, annotated on a parameter, stored on `self` in
# `__init__`, or a dataclass field.
from dataclasses import dataclass
from typing import Optional

from langchain_core.runnables import RunnableConfig

from viz.agents import VizAgent, viz_agent


async def visualize(state):
    return {"messages": [viz_agent.invoke_messages(state["messages"])]}


async def chart(state, agent: VizAgent):
    return {"messages": [agent.invoke_messages(state["messages"])]}


async def report(state, config: RunnableConfig):
    return {"messages": [viz_agent.invoke_messages(state["messages"])]}


class Reviewer:
    def __init__(self, agent: "Optional[VizAgent]" = None):
        self.agent = agent

    async def review(self, state):
        return {"messages": [self.agent.invoke_messages(state["messages"])]}


@dataclass
class Presenter:
    agent: VizAgent

    async def __call__(self, state):
        return {"messages": [self.agent.invoke_messages(state["messages"])]}
