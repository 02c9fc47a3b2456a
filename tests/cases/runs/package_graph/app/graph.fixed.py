# expect: TCF041
# A graph a package module binds at its top level: whoever imports it may run it async
# (LangGraph Server does), though this module runs it with .invoke.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, MessagesState, StateGraph
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini")


def chatbot(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [llm.invoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("chatbot", chatbot)
builder.add_edge(START, "chatbot")
graph = builder.compile()

if __name__ == "__main__":
    print(graph.invoke({"messages": [("user", "Tell me a joke")]})["messages"][-1].content)
