# expect: TCF041
# A node closure inside the graph-building function, registered with add_node(fn).
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph


def build_graph(llm: BaseChatModel, tools: list):
    model = llm.bind_tools(tools)

    async def agent_node(state: MessagesState, config: RunnableConfig) -> dict:
        return {"messages": [await model.ainvoke(state["messages"], config=config)]}

    builder = StateGraph(MessagesState)
    builder.add_node(agent_node)
    builder.add_edge(START, "agent_node")
    builder.add_edge("agent_node", END)
    return builder.compile()
