# expect: nothing
# A course's numbered lesson in a package: `import 102_reflection` is a syntax error, so
# nothing else runs its graph, which it runs only with .invoke: nothing is lost.
from langchain_openai import ChatOpenAI
from langgraph.graph import MessagesState, StateGraph

chain = ChatOpenAI()


def generate(state):
    return {"messages": [chain.invoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("generate", generate)
builder.set_entry_point("generate")
graph = builder.compile()
print(graph.invoke({"messages": [("user", "hi")]}))
