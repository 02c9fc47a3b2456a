# expect: TCF041
def create_analyst_node(llm, toolkit):
    async def analyst_node(state):
        reply = await llm.bind_tools(toolkit).ainvoke(state["messages"])
        return {"messages": [reply]}

    return analyst_node
