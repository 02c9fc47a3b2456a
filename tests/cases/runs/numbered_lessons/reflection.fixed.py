# expect: TCF041
# The same lesson with an importable name, in a package: whoever imports it may run the
# graph async.
from langchain_core.runnables import RunnableConfig
from langchain_openai import ChatOpenAI
from langgraph.graph import MessagesState, StateGraph

chain = ChatOpenAI()


def generate(state, config: RunnableConfig):
    return {"messages": [chain.invoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("generate", generate)
builder.set_entry_point("generate")
graph = builder.compile()
print(graph.invoke({"messages": [("user", "hi")]}))
