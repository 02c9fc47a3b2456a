# expect: TCF041
from langchain_core.runnables import RunnableConfig


def create_analyst_node(llm, toolkit):
    async def analyst_node(state, config: RunnableConfig):
        reply = await llm.bind_tools(toolkit).ainvoke(state["messages"], config=config)
        return {"messages": [reply]}

    return analyst_node
