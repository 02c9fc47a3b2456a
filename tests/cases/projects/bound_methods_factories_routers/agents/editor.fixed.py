# expect: TCF041 TCF042 TCF041
from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph


class EditorAgent:
    def __init__(self, llm):
        self.llm = llm

    async def run(self, state, config: RunnableConfig):
        return {
            "draft": (await self.llm.ainvoke(state["draft"], config=config)).content
        }


class Assistant:
    def __init__(self, runnable):
        self.runnable = runnable

    async def __call__(self, state, config):
        result = await self.runnable.ainvoke(state, config=config)
        return {"messages": [result]}


class Guard:
    async def ainvoke(self, messages):
        return [m for m in messages if m]


class Reviewer:
    def __init__(self, llm):
        self.llm = llm
        self.guard = Guard()

    async def review(self, state):
        checked = await self.guard.ainvoke(state["messages"])
        return {"messages": checked}

    async def node(self, state, config: RunnableConfig):
        return {"messages": [await self.llm.ainvoke(state["messages"], config=config)]}

    def build(self) -> StateGraph:
        builder = StateGraph(dict)
        builder.add_node("review", self.review)
        builder.add_node("self_node", self.node)
        return builder
